/**
 * The GitHub workflows of this repository and the templates `cdktf-talos init-workflows` writes into a consumer's:
 * checked for the properties that keep credentials away from pull requests from forks; the comment script is run
 * against a fake GitHub API. (workflows.slow.test.ts lints them all with actionlint.)
 */
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parse } from 'yaml';

const dir = resolve(__dirname, '..', '.github', 'workflows');
const templates = resolve(__dirname, '..', 'templates', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const templateFiles = readdirSync(templates).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string): string => readFileSync(join(dir, file), 'utf8');
const templateText = (file: string): string => readFileSync(join(templates, file), 'utf8');
const workflow = (file: string): any => parse(text(file));

describe('GitHub workflows', () => {
  it('are the pull-request workflow and its comment workflow, here and in the templates', () => {
    expect(files).toEqual(['pull-request-comment.yml', 'pull-request.yml']);
    expect(templateFiles).toEqual(files);
  });

  it('run here exactly as a consumer gets them: the comment workflow byte for byte, every template job unchanged', () => {
    expect(text('pull-request-comment.yml')).toBe(templateText('pull-request-comment.yml'));
    const here = workflow('pull-request.yml');
    const template = parse(templateText('pull-request.yml'));
    const { jobs: hereJobs, ...hereTop } = here;
    const { jobs: templateJobs, ...templateTop } = template;
    expect(hereTop).toEqual(templateTop);
    for (const [name, job] of Object.entries(templateJobs)) expect({ name, job: hereJobs[name] }).toEqual({ name, job });
    // This repository adds the older LTS lines, the cdktn fork and the package checks.
    expect(Object.keys(hereJobs).filter((j) => !(j in templateJobs))).toEqual(['node-lts', 'cdktn', 'package']);
  });

  it('template calls only npm scripts, which init-workflows adds to a consumer\'s package.json', () => {
    const template = parse(templateText('pull-request.yml'));
    const runs = Object.values<any>(template.jobs).flatMap((j) => j.steps.map((s: any) => s.run).filter(Boolean)) as string[];
    expect(runs.every((r) => /^npm (ci|test --if-present|run (--silent )?(synth|preview|plan)\b)/.test(r))).toBe(true);
  });
});

describe('the pull request workflow', () => {
  const wf = workflow('pull-request.yml');
  const jobs = wf.jobs as Record<string, any>;

  it('runs on pull_request (never pull_request_target) with a read-only token', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(jobs)) expect(job.permissions).toBeUndefined();
  });

  it('tests and synthesizes, and previews every pull request offline against the base it merges into', () => {
    const runs = (job: string): string[] => jobs[job].steps.map((s: any) => s.run).filter(Boolean);
    expect(runs('test')).toEqual(['npm ci', 'npm test --if-present', 'npm run synth']);
    expect(jobs.preview.if).toBeUndefined();
    expect(runs('preview')).toEqual(['npm ci', 'npm run --silent preview -- --base HEAD^1 --format markdown --head-label "this pull request" > preview.md']);
    expect(jobs.preview.steps[0].with['fetch-depth']).toBe(2);
  });

  it('tests on the current Node.js LTS line, and on the older ones still supported (engines)', () => {
    const nodeVersion = (job: string): unknown => jobs[job].steps.find((s: any) => String(s.uses).startsWith('actions/setup-node@')).with['node-version'];
    for (const job of ['test', 'preview', 'plan', 'cdktn', 'package']) expect({ job, v: nodeVersion(job) }).toEqual({ job, v: 'lts/*' });
    expect(jobs['node-lts'].strategy.matrix.node).toEqual([22, 24]);
    expect(JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')).engines).toEqual({ node: '>=22' });
  });

  it('runs the suite on cdktn and the package checks with the repository\'s CI scripts', () => {
    const runs = (job: string): string[] => jobs[job].steps.map((s: any) => s.run).filter(Boolean);
    expect(runs('cdktn')).toEqual(['npm ci', 'bash .ci/cdktn']);
    expect(runs('package')).toEqual(['npm ci', 'bash .ci/package']);
  });

  it('plans with credentials only for branches of this repository, never for forks', () => {
    expect(jobs.plan.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(jobs.plan.needs).toBe('test');
  });

  it('gives secrets to the plan step only, not to npm ci, the synth or any other job', () => {
    const withSecrets = Object.entries(jobs).flatMap(([name, job]) => [
      ...(JSON.stringify(job.env ?? {}).includes('secrets.') ? [`${name}.env`] : []),
      ...job.steps.filter((s: any) => JSON.stringify(s).includes('secrets.')).map((s: any) => `${name}: ${s.name ?? s.run ?? s.uses}`),
    ]);
    expect(withSecrets).toEqual(['plan: terraform init and plan, per stack']);
    expect(JSON.stringify(wf.env ?? {})).not.toContain('secrets.');
  });

  it('never keeps the checkout token on disk', () => {
    for (const job of Object.values(jobs)) {
      for (const step of job.steps.filter((s: any) => String(s.uses).startsWith('actions/checkout@'))) expect(step.with['persist-credentials']).toBe(false);
    }
  });
});

describe('the comment workflow', () => {
  const wf = workflow('pull-request-comment.yml');
  const job = wf.jobs.comment;

  it('follows the pull request workflow by name, with the least permissions that can comment', () => {
    expect(wf.on).toEqual({ workflow_run: { workflows: [workflow('pull-request.yml').name], types: ['completed'] } });
    expect(wf.permissions).toEqual({});
    expect(job.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
  });

  it('never checks out or runs the pull request\'s code', () => {
    expect(job.steps.map((s: any) => s.uses)).toEqual(['actions/download-artifact@v4', 'actions/github-script@v7']);
    expect(job.steps.some((s: any) => s.run !== undefined)).toBe(false);
  });

  /** Runs the comment script the way actions/github-script does, against a fake API. */
  async function comment(options: { existing?: Array<{ id: number; user: { type: string }; body: string }>; headSha?: string; fromFork?: boolean; files: Record<string, string> }) {
    const script = job.steps[1].with.script as string;
    const calls: Array<[string, any]> = [];
    const sha = 'a'.repeat(40);
    const pulls = [{ number: 7, head: { sha: options.headSha ?? sha } }];
    const rest = {
      pulls: { list: 'pulls.list' },
      issues: {
        listComments: 'issues.listComments',
        updateComment: async (p: any) => { calls.push(['update', p]); },
        createComment: async (p: any) => { calls.push(['create', p]); },
      },
    };
    const github = {
      rest,
      paginate: async (what: string, params: any) => {
        calls.push([what, params]);
        return what === 'pulls.list' ? pulls : options.existing ?? [];
      },
    };
    const context = {
      repo: { owner: 'lab', repo: 'infra' },
      payload: {
        workflow_run: {
          head_sha: sha, head_branch: 'more-swap', html_url: 'https://github.example/run/1',
          head_repository: { full_name: options.fromFork === true ? 'someone/infra' : 'lab/infra', owner: { login: options.fromFork === true ? 'someone' : 'lab' } },
        },
      },
    };
    const fakeFs = {
      readFileSync: (file: string) => {
        if (file in options.files) return options.files[file];
        throw new Error(`ENOENT: ${file}`);
      },
    };
    const core = { info: (m: string) => calls.push(['info', m]) };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
    await new AsyncFunction('github', 'context', 'core', 'require', script)(github, context, core, (m: string) => (m === 'fs' ? fakeFs : require(m)));
    return calls;
  }

  const preview = { 'results/preview/preview.md': '### cdktf-talos preview\n\n~ machine.sysctls["vm.swappiness"]: "10" -> "20"\n' };

  it('creates one comment, with the hidden marker, on the pull request whose head was tested', async () => {
    const calls = await comment({ files: { ...preview, 'results/plan/plan.md': '### Terraform plan\n' } });
    expect(calls[0]).toEqual(['pulls.list', { owner: 'lab', repo: 'infra', state: 'open', head: 'lab:more-swap' }]);
    const writes = calls.filter(([k]) => k === 'create' || k === 'update');
    expect(writes).toHaveLength(1);
    expect(writes[0][0]).toBe('create');
    expect(writes[0][1].issue_number).toBe(7);
    expect(writes[0][1].body).toMatch(/^<!-- cdktf-talos-pr-preview -->\n### cdktf-talos preview\n/);
    expect(writes[0][1].body).toContain('### Terraform plan');
  });

  it('updates its earlier comment instead of adding another', async () => {
    const calls = await comment({
      files: preview,
      existing: [
        { id: 1, user: { type: 'User' }, body: '<!-- cdktf-talos-pr-preview --> quoted by a person' },
        { id: 2, user: { type: 'Bot' }, body: '<!-- cdktf-talos-pr-preview -->\nold' },
      ],
    });
    expect(calls.filter(([k]) => k === 'create' || k === 'update').map(([k, p]) => [k, p.comment_id])).toEqual([['update', 2]]);
  });

  it('says plans do not run for forks, and posts the offline preview for them', async () => {
    const calls = await comment({ files: preview, fromFork: true });
    const body = calls.find(([k]) => k === 'create')![1].body as string;
    expect(body).toContain('~ machine.sysctls["vm.swappiness"]');
    expect(body).toContain('Terraform plans do not run for pull requests from forks');
    expect(calls[0][1].head).toBe('someone:more-swap');
  });

  it('does nothing when the pull request has moved on to a newer commit', async () => {
    const calls = await comment({ files: preview, headSha: 'b'.repeat(40) });
    expect(calls.filter(([k]) => k === 'create' || k === 'update')).toEqual([]);
  });
});
