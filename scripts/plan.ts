/**
 * `npm run plan -- [--format text|markdown] [--out FILE] [--outdir cdktf.out]`
 *
 * Runs `terraform init` and `terraform plan` for every stack `npm run synth` wrote to cdktf.out (in dependency order),
 * and prints one summary per stack. Needs Terraform on the PATH, the provider registry, the state backend and the
 * providers' credentials in the environment: this is the credentialed part of the pull-request workflow. Plans are
 * read-only and run with `-lock=false`, so a preview never blocks an apply.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatPlansMarkdown, formatPlansText, plannedChanges, StackPlan } from './plan/summary';

interface Manifest {
  stacks: Record<string, { workingDirectory: string; dependencies: string[] }>;
}

/** Stack names so that every stack comes after the stacks it depends on. */
export function dependencyOrder(manifest: Manifest): string[] {
  const done: string[] = [];
  const visit = (name: string, seen: Set<string>): void => {
    if (done.includes(name) || seen.has(name)) return;
    seen.add(name);
    for (const dep of manifest.stacks[name]?.dependencies ?? []) visit(dep, seen);
    done.push(name);
  };
  for (const name of Object.keys(manifest.stacks).sort()) visit(name, new Set());
  return done;
}

function terraform(cwd: string, args: string[]): { ok: boolean; output: string; stdout: string } {
  const r = spawnSync('terraform', args, { cwd, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1' }, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) return { ok: false, output: String(r.error.message), stdout: '' };
  // plan -detailed-exitcode: 0 no changes, 2 changes, 1 error.
  const ok = r.status === 0 || (args[0] === 'plan' && r.status === 2);
  return { ok, output: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const fmt = opt('--format') ?? 'text';
  const outdir = path.resolve(opt('--outdir') ?? 'cdktf.out');
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} does not exist: run npm run synth first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;

  const plans: StackPlan[] = [];
  for (const stack of dependencyOrder(manifest)) {
    const cwd = path.join(outdir, manifest.stacks[stack].workingDirectory);
    console.error(`::group::${stack}`);
    const init = terraform(cwd, ['init', '-input=false', '-no-color']);
    const plan = init.ok ? terraform(cwd, ['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', '-out=tfplan']) : undefined;
    const show = plan?.ok === true ? terraform(cwd, ['show', '-json', 'tfplan']) : undefined;
    console.error([init.output, plan?.output ?? ''].join('\n'));
    console.error('::endgroup::');
    if (!init.ok) plans.push({ stack, status: 'failed', step: 'init', output: tail(init.output) });
    else if (plan === undefined || !plan.ok) plans.push({ stack, status: 'failed', step: 'plan', output: tail(plan?.output ?? '') });
    else if (show === undefined || !show.ok) plans.push({ stack, status: 'failed', step: 'show', output: tail(show?.output ?? '') });
    else plans.push({ stack, status: 'planned', changes: plannedChanges(JSON.parse(show.stdout)) });
  }

  const text = fmt === 'markdown' ? formatPlansMarkdown(plans) : formatPlansText(plans);
  const out = opt('--out');
  if (out !== undefined) fs.writeFileSync(out, text);
  else process.stdout.write(text);
  if (plans.some((p) => p.status === 'failed')) process.exitCode = 1;
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
