/**
 * `cdktf-talos preview --base <git ref> [--format text|markdown] [--head-label <text>]`
 *
 * Offline, with no credentials: synthesizes the app at `<git ref>` and in the working tree (each with the `app` of its
 * `cdktf.json`) and prints, per stack and per node, what changes in the rendered Talos configuration, the VMs, the
 * image schematics, the Helm releases and every other resource, flagging what replaces a VM, needs a reboot or needs a
 * Talos upgrade, and each cluster's upgrade in its rolling order. The rules are in cli/preview/diff.ts. `--format markdown` prints the same as a pull-request comment.
 */
import { choiceOption, Command, requiredOption, stringOption } from '../command';
import { diffSynth } from '../preview/diff';
import { format, upgradeProblemCount } from '../preview/format';
import { synthesizeBaseAndHead } from '../preview/synth';

export const preview: Command = {
  summary: 'offline per-stack, per-node diff of the synthesized app against a git ref',
  usage: '--base <git ref> [--format text|markdown] [--head-label <text>]',
  description: [
    'Synthesizes <git ref> (in a temporary git worktree sharing node_modules) and the working tree with the "app" of',
    'cdktf.json, and prints what changes per stack and node: Talos configuration by path, VMs, schematics, Helm values.',
    'Flags VM replacements, reboots and Talos upgrades, and lists each cluster\'s upgrade in its safe order (with the',
    'skew problems, and the talosctl commands on the 0.11 line). Needs no Terraform, credentials or network.',
    'Exits with 1 when an upgrade has problems (after printing them), else 0.',
  ].join('\n'),
  options: {
    base: { type: 'string' },
    format: { type: 'string' },
    'head-label': { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    const ref = requiredOption(values, 'base', 'name the git ref to compare with, e.g. --base main');
    const fmt = choiceOption(values, 'format', ['text', 'markdown'] as const, 'text');
    const headLabel = stringOption(values, 'head-label') ?? 'working tree';
    const { base, head, commit } = await synthesizeBaseAndHead(ctx.cwd, ref, ctx.env);
    const label = ref === commit || commit.startsWith(ref) ? commit.slice(0, 12) : `${ref} (${commit.slice(0, 12)})`;
    const report = diffSynth(base, head);
    ctx.stdout(format(report, { base: label, head: headLabel }, fmt));
    // An upgrade the checks refuse (version skew, order) fails the command after the report that says why: a
    // pull request's preview job goes red while its comment shows the errors.
    return upgradeProblemCount(report) > 0 ? 1 : 0;
  },
};
