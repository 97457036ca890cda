/**
 * `cdktf-talos plan [--format text|markdown] [--out FILE] [--outdir cdktf.out]`
 *
 * Runs `terraform init` and `terraform plan` for every stack the synth wrote to the output directory (in dependency
 * order), and prints one summary per stack. Needs Terraform on the PATH, the provider registry, the state backend and
 * the providers' credentials in the environment: this is the credentialed part of the pull-request workflow. Plans are
 * read-only and run with `-lock=false`, so a preview never blocks an apply.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { choiceOption, Command, stringOption } from '../command';
import { formatPlansMarkdown, formatPlansText, plannedChanges, StackPlan } from '../plan/summary';

/** The parts of cdktf's `manifest.json` the plan reads. */
export interface Manifest {
  readonly stacks: Record<string, { readonly workingDirectory: string; readonly dependencies: readonly string[] }>;
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

function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv): { ok: boolean; output: string; stdout: string } {
  const r = spawnSync('terraform', args, { cwd, encoding: 'utf8', env: { ...env, TF_IN_AUTOMATION: '1' }, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) return { ok: false, output: String(r.error.message), stdout: '' };
  // plan -detailed-exitcode: 0 no changes, 2 changes, 1 error.
  const ok = r.status === 0 || (args[0] === 'plan' && r.status === 2);
  return { ok, output: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

export const plan: Command = {
  summary: 'terraform init and plan per synthesized stack, summarized (needs Terraform, state and credentials)',
  usage: '[--format text|markdown] [--out <file>] [--outdir cdktf.out]',
  description: [
    'Runs terraform init and plan (-lock=false) in every stack directory of the synth output, dependencies first, and',
    'prints per stack the adds, changes, destroys and replacements with their addresses, never values. Synthesize first',
    '(cdktf-talos synth). Exits 1 when a stack fails to init or plan; the summary says which and why.',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    outdir: { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    const fmt = choiceOption(values, 'format', ['text', 'markdown'] as const, 'text');
    const outdir = path.resolve(ctx.cwd, stringOption(values, 'outdir') ?? 'cdktf.out');
    const manifestFile = path.join(outdir, 'manifest.json');
    if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} does not exist: synthesize first (cdktf-talos synth)`);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;

    const plans: StackPlan[] = [];
    for (const stack of dependencyOrder(manifest)) {
      const cwd = path.join(outdir, manifest.stacks[stack].workingDirectory);
      ctx.stderr(`::group::${stack}\n`);
      const init = terraform(cwd, ['init', '-input=false', '-no-color'], ctx.env);
      const planned = init.ok ? terraform(cwd, ['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', '-out=tfplan'], ctx.env) : undefined;
      const show = planned?.ok === true ? terraform(cwd, ['show', '-json', 'tfplan'], ctx.env) : undefined;
      ctx.stderr(`${[init.output, planned?.output ?? ''].join('\n')}\n::endgroup::\n`);
      if (!init.ok) plans.push({ stack, status: 'failed', step: 'init', output: tail(init.output) });
      else if (planned === undefined || !planned.ok) plans.push({ stack, status: 'failed', step: 'plan', output: tail(planned?.output ?? '') });
      else if (show === undefined || !show.ok) plans.push({ stack, status: 'failed', step: 'show', output: tail(show?.output ?? '') });
      else plans.push({ stack, status: 'planned', changes: plannedChanges(JSON.parse(show.stdout)) });
    }

    const text = fmt === 'markdown' ? formatPlansMarkdown(plans) : formatPlansText(plans);
    const out = stringOption(values, 'out');
    if (out !== undefined) fs.writeFileSync(path.resolve(ctx.cwd, out), text);
    else ctx.stdout(text);
    return plans.some((p) => p.status === 'failed') ? 1 : 0;
  },
};
