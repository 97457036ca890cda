/**
 * `cdktf-talos upgrade-commands --base <git ref> [--stack <name>]`
 *
 * For clusters on the siderolabs/talos 0.11 line, which cannot upgrade nodes: the exact `talosctl` commands that take
 * every changed cluster from the versions declared at `<git ref>` to those of the working tree, in the safe order
 * (control planes one at a time, workers in batches, each wave followed by `talosctl health`, then `upgrade-k8s`, then
 * the deploy), after checking the change against the skew rules. For clusters on the 0.12 line it prints the order the
 * deploy will take. Offline, like the preview: both sides are synthesized, nothing is contacted.
 *
 * Exit code 1 when a change breaks a skew rule (each printed with the path to take), 0 otherwise.
 */
import { Command, requiredOption, stringOption, UsageError } from '../command';
import { diffSynth, SynthOutput } from '../preview/diff';
import { synthesizeBaseAndHead } from '../preview/synth';

/** The commands (or the deploy's order) of every changed cluster, and whether any change breaks a rule. */
export function upgradeCommandsText(base: SynthOutput, head: SynthOutput, stack?: string): { readonly text: string; readonly problems: number } {
  if (stack !== undefined && !head.has(stack)) {
    throw new UsageError(`--stack '${stack}' is not a stack of the working tree: use one of ${[...head.keys()].join(', ')}`);
  }
  const pick = (out: SynthOutput): SynthOutput => (stack === undefined ? out : new Map([...out].filter(([name]) => name === stack)));
  const out: string[] = [];
  let problems = 0;
  for (const s of diffSynth(pick(base), pick(head)).stacks) {
    for (const u of s.upgrades) {
      out.push(`# stack ${s.name}, cluster '${u.cluster}' (provider ${u.providerLine})`);
      problems += u.problems.length;
      for (const p of u.problems) out.push(`# ERROR: ${p}`);
      for (const n of u.notes) out.push(`# note: ${n}`);
      if (u.problems.length === 0 && u.providerLine === '0.12') {
        out.push('# The 0.12 line upgrades these nodes itself: `cdktf deploy` runs this order (no talosctl needed):');
        out.push(...u.plan.map((l) => `#   ${l}`));
      }
      out.push(...u.commands, '');
    }
  }
  if (out.length === 0) return { text: '# No cluster changes its Talos or Kubernetes version, installer or rebooting configuration.\n', problems: 0 };
  return { text: `${out.join('\n').trimEnd()}\n`, problems };
}

export const upgradeCommands: Command = {
  summary: 'the talosctl commands, in the safe order, for the versions changed since a git ref (0.11 line)',
  usage: '--base <git ref> [--stack <name>]',
  description: [
    'Synthesizes <git ref> and the working tree (as preview does) and prints, per cluster whose Talos or Kubernetes',
    'version, installer or rebooting configuration changed, the talosctl commands in the safe order: control planes one',
    'at a time, workers in batches, a health check after each, then upgrade-k8s. Checks the change first (one Talos',
    'minor at a time, Kubernetes supported by the old and new Talos) and exits 1 with the path to take when it breaks',
    'a rule. Clusters on the 0.12 provider line get the order cdktf deploy will take instead.',
  ].join('\n'),
  options: {
    base: { type: 'string' },
    stack: { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    const ref = requiredOption(values, 'base', 'name the git ref holding the versions the clusters run, e.g. --base main');
    const stack = stringOption(values, 'stack');
    const { base, head } = await synthesizeBaseAndHead(ctx.cwd, ref, ctx.env);
    const { text, problems } = upgradeCommandsText(base, head, stack);
    ctx.stdout(text);
    if (problems > 0) ctx.stderr(`cdktf-talos upgrade-commands: ${problems} problem${problems === 1 ? '' : 's'} with the declared versions (see ERROR above)\n`);
    return problems > 0 ? 1 : 0;
  },
};

