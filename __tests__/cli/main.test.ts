/**
 * The `cdktf-talos` bin, in-process: argument parsing (node:util.parseArgs, strict), dispatch through the command
 * table, exit codes, `synth` on a small project and `init-workflows` on a consumer's package.json. The preview end to
 * end is __tests__/preview/cli.test.ts; the compiled bin from the packed package is __tests__/package.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { CommandContext } from '../../cli/command';
import { initWorkflows, WORKFLOW_SCRIPTS, workflowTemplates } from '../../cli/commands/init-workflows';
import { COMMANDS, main } from '../../cli/main';
import { readProject } from '../../cli/project';

const repo = resolve(__dirname, '..', '..');

async function run(argv: string[], cwd = repo): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CommandContext = { cwd, env: process.env, stdout: (t) => { out += t; }, stderr: (t) => { err += t; } };
  const code = await main(argv, ctx);
  return { code, out, err };
}

describe('cdktf-talos', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'cdktf-talos-cli-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('lists its commands with --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: cdktf-talos <command> \[options\]/);
    for (const name of Object.keys(COMMANDS)) expect(out).toContain(`  ${name}  `);
    expect(Object.keys(COMMANDS)).toEqual(['synth', 'preview', 'plan', 'upgrade-commands', 'init-workflows']);
  });

  it('prints the package version', async () => {
    expect((await run(['--version'])).out).toBe(`${JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version}\n`);
  });

  it('describes a command with <command> --help', async () => {
    const { code, out } = await run(['preview', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: cdktf-talos preview --base <git ref> \[--format text\|markdown\] \[--head-label <text>\]\n/);
  });

  it('fails with 2 and the help when no command is given', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(2);
    expect(out).toContain('commands:');
  });

  it('fails with 2 when the command does not exist, naming the ones that do', async () => {
    const { code, err } = await run(['upgrade-everything']);
    expect(code).toBe(2);
    expect(err).toContain("cdktf-talos: 'upgrade-everything' is not a command: use one of synth, preview, plan, upgrade-commands, init-workflows");
  });

  it('fails with 2 and the usage on an unknown option (parseArgs, strict)', async () => {
    const { code, err } = await run(['preview', '--base', 'main', '--colour']);
    expect(code).toBe(2);
    expect(err).toContain("cdktf-talos preview: Unknown option '--colour'");
    expect(err).toContain('usage: cdktf-talos preview --base <git ref>');
  });

  it('fails with 2 on a positional argument', async () => {
    expect((await run(['plan', 'extra'])).code).toBe(2);
  });

  it('fails with 2 when upgrade-commands has no --base, saying what the ref is for', async () => {
    const { code, err } = await run(['upgrade-commands', '--stack', 'home-ops-cluster']);
    expect(code).toBe(2);
    expect(err).toContain('cdktf-talos upgrade-commands: --base is required: name the git ref holding the versions the clusters run, e.g. --base main');
    expect(err).toContain('usage: cdktf-talos upgrade-commands --base <git ref> [--stack <name>]');
  });

  it('fails with 2 when preview has no --base, saying how to give one', async () => {
    const { code, err } = await run(['preview']);
    expect(code).toBe(2);
    expect(err).toContain('cdktf-talos preview: --base is required: name the git ref to compare with, e.g. --base main');
  });

  it('fails with 2 on a format it does not know', async () => {
    const { code, err } = await run(['preview', '--base', 'main', '--format', 'html']);
    expect(code).toBe(2);
    expect(err).toContain("--format 'html' is not one of text, markdown");
  });

  it('fails with 1 when there is no cdktf.json, saying where to run it', async () => {
    const dir = tmp();
    const { code, err } = await run(['synth'], dir);
    expect(code).toBe(1);
    expect(err).toContain(`${join(dir, 'cdktf.json')} does not exist: run cdktf-talos in your project's root, next to a cdktf.json like { "language": "typescript", "app": "npx tsx main.ts" }`);
  });

  it('fails with 1 when plan finds nothing synthesized', async () => {
    const dir = tmp();
    const { code, err } = await run(['plan'], dir);
    expect(code).toBe(1);
    expect(err).toContain(`${join(dir, 'cdktf.out', 'manifest.json')} does not exist: synthesize first (cdktf-talos synth)`);
  });

  it('reads the app, its context and cdktn\'s targetVersions from cdktf.json', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'node app.js', context: { a: 1 }, targetVersions: { terraform: '>=1.10.0' } }));
    expect(readProject(dir)).toEqual({ dir, app: 'node app.js', context: { a: 1, targetVersions: { terraform: '>=1.10.0' } } });
    writeFileSync(join(dir, 'cdktf.json'), '{}');
    expect(() => readProject(dir)).toThrow(`${join(dir, 'cdktf.json')} has no "app": name the command that synthesizes your stacks, e.g. "app": "npx tsx main.ts"`);
  });

  it('synthesizes the app of cdktf.json into cdktf.out, passing its context', async () => {
    const dir = tmp();
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'node app.js', context: { clusterName: 'lab' } }));
    writeFileSync(join(dir, 'app.js'), `
const { App, TerraformOutput, TerraformStack } = require('cdktf');
const app = new App();
const stack = new TerraformStack(app, 'lab');
new TerraformOutput(stack, 'name', { value: app.node.tryGetContext('clusterName') });
app.synth();
`);
    const { code, out, err } = await run(['synth'], dir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toBe('synthesized 1 stack into cdktf.out: lab\n');
    expect(JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'lab', 'cdk.tf.json'), 'utf8')).output.name.value).toBe('lab');
  }, 60_000);

  it('fails with 1 and the app\'s own output when the app fails', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'node -e "console.error(\'nodes[0].ip is wrong\'); process.exit(3)"' }));
    const { code, err } = await run(['synth', '--outdir', 'out'], dir);
    expect(code).toBe(1);
    expect(err).toContain('failed (exit 3):\nnodes[0].ip is wrong');
  });
});

describe('cdktf-talos init-workflows', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdktf-talos-init-'));
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'homelab', scripts: { test: 'echo "Error: no test specified" && exit 1', plan: 'make plan' } }, null, 4)}\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the shipped workflows and the npm scripts they call, keeping the user\'s own', async () => {
    const { code, out } = await run(['init-workflows', '--dir', dir]);
    expect(code).toBe(0);
    for (const [name, text] of workflowTemplates()) expect(readFileSync(join(dir, '.github', 'workflows', name), 'utf8')).toBe(text);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest.scripts).toEqual({
      test: 'echo "Error: no test specified" && exit 1', plan: 'make plan', synth: WORKFLOW_SCRIPTS.synth, preview: WORKFLOW_SCRIPTS.preview,
    });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toMatch(/^\{\n {4}"name"/);   // the file's own indentation
    expect(out.split('\n')).toEqual(expect.arrayContaining([
      'written   .github/workflows/pull-request.yml',
      'added     package.json scripts.synth: cdktf-talos synth',
      "kept      package.json scripts.plan: 'make plan' (the workflows call it; 'cdktf-talos plan' is what they expect it to do)",
      "note      package.json scripts.test: is npm init's placeholder, which always fails: replace it with your checks (e.g. tsc --noEmit)",
    ]));
  });

  it('changes nothing the second time', async () => {
    await run(['init-workflows', '--dir', dir]);
    const again = initWorkflows(dir, false);
    expect(again.filter((a) => a.target.startsWith('.github')).map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('fails with 1 and keeps a workflow the user changed, unless --force', async () => {
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'pull-request.yml'), 'name: mine\n');
    const kept = await run(['init-workflows', '--dir', dir]);
    expect(kept.code).toBe(1);
    expect(kept.out).toContain('kept      .github/workflows/pull-request.yml: it differs from the template: compare them, or run again with --force to overwrite it');
    expect(readFileSync(join(dir, '.github', 'workflows', 'pull-request.yml'), 'utf8')).toBe('name: mine\n');
    expect((await run(['init-workflows', '--dir', dir, '--force'])).code).toBe(0);
    expect(readFileSync(join(dir, '.github', 'workflows', 'pull-request.yml'), 'utf8')).toBe(workflowTemplates().get('pull-request.yml'));
  });

  it('fails with 1 outside a project', async () => {
    rmSync(join(dir, 'package.json'));
    const { code, err } = await run(['init-workflows', '--dir', dir]);
    expect(code).toBe(1);
    expect(err).toContain(`${join(dir, 'package.json')} does not exist: run init-workflows in your project's root`);
    expect(existsSync(join(dir, '.github'))).toBe(false);
  });
});
