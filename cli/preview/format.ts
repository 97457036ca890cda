/** Renders a {@link PreviewReport} as plain text (the terminal) or Markdown (a pull-request comment). Pure. */
import { Flag, FlagKind, NodeReport, PreviewReport, Section, sortFlags, StackReport, UpgradeReport } from './diff';
import { ChangeKind, show, ValueChange } from './values';

export type PreviewFormat = 'text' | 'markdown';

/** What the report compares, for its heading. */
export interface PreviewLabels {
  readonly base: string;
  readonly head: string;
}

const SIGN: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~' };

function changeLine(c: ValueChange): string {
  if (c.kind === 'added') return `+ ${c.path || '(value)'}: ${show(c.after)}`;
  if (c.kind === 'removed') return `- ${c.path || '(value)'}: ${show(c.before)}`;
  return `~ ${c.path || '(value)'}: ${show(c.before)} -> ${show(c.after)}`;
}

/** Counts of the flags of every node and resource, e.g. `1 reboot, 2 upgrade`. */
export function flagCounts(report: PreviewReport): Record<FlagKind, number> {
  const counts: Record<FlagKind, number> = { replace: 0, reboot: 0, upgrade: 0, note: 0 };
  for (const s of report.stacks) {
    for (const n of s.nodes) for (const f of new Set(n.flags.map((x) => x.kind))) counts[f] += 1;
    for (const r of s.resources) for (const f of new Set(r.flags.map((x) => x.kind))) counts[f] += 1;
  }
  return counts;
}

function summary(report: PreviewReport): string {
  const by = (k: ChangeKind): number => report.stacks.filter((s) => s.kind === k).length;
  const counts = flagCounts(report);
  const parts = [`${by('changed')} stack${by('changed') === 1 ? '' : 's'} changed`];
  if (by('added') > 0) parts.push(`${by('added')} added`);
  if (by('removed') > 0) parts.push(`${by('removed')} removed`);
  parts.push(`${report.unchanged.length} unchanged`);
  const flags = (['replace', 'reboot', 'upgrade'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k === 'replace' ? 'VM replacement' : k}${counts[k] === 1 ? '' : 's'}`);
  const problems = upgradeProblemCount(report);
  return `${parts.join(', ')}${flags.length > 0 ? `; needs: ${flags.join(', ')}` : ''}${problems > 0 ? `; ${problems} upgrade problem${problems === 1 ? '' : 's'}` : ''}`;
}

/** How many upgrade problems the report has (version skew, order): each must be fixed before deploying. */
export function upgradeProblemCount(report: PreviewReport): number {
  return report.stacks.reduce((n, s) => n + s.upgrades.reduce((m, u) => m + u.problems.length, 0), 0);
}

/** The heading of an upgrade: who carries it out. */
function upgradeHeading(u: UpgradeReport): string {
  if (u.problems.length > 0) return `upgrade of cluster '${u.cluster}' (provider ${u.providerLine}): fix these before deploying`;
  return u.providerLine === '0.12'
    ? `upgrade of cluster '${u.cluster}' (provider 0.12: the deploy runs it, in this order)`
    : `upgrade of cluster '${u.cluster}' (provider 0.11: run the talosctl commands below, in this order, then deploy)`;
}

/** The report as text for a terminal. */
export function formatText(report: PreviewReport, labels: PreviewLabels): string {
  const out: string[] = [`cdktf-talos preview: ${labels.base} -> ${labels.head}`, summary(report)];
  const section = (s: Section, indent: string): void => {
    out.push(`${indent}${SIGN[s.kind]} ${s.title} (${s.address})${s.kind === 'changed' ? '' : ` ${s.kind}`}`);
    for (const c of s.changes) out.push(`${indent}    ${changeLine(c)}`);
  };
  const flags = (list: readonly Flag[], indent: string): void => {
    for (const f of sortFlags(list)) out.push(`${indent}! ${f.kind.toUpperCase()}: ${f.message}`);
  };
  for (const stack of report.stacks) {
    out.push('', `${SIGN[stack.kind]} stack ${stack.name}${stack.kind === 'changed' ? '' : ` (${stack.kind})`}`);
    for (const u of stack.upgrades) {
      out.push(`  ~ ${upgradeHeading(u)}`);
      for (const p of u.problems) out.push(`      ! ERROR: ${p}`);
      for (const line of u.plan) out.push(`      ${line}`);
      for (const n of u.notes) out.push(`      note: ${n}`);
      if (u.commands.length > 0) {
        out.push('      talosctl commands:');
        for (const c of u.commands) out.push(`        ${c}`);
      }
    }
    for (const node of stack.nodes) {
      out.push(`  ${SIGN[node.kind]} node ${node.name}${node.kind === 'changed' ? '' : ` (${node.kind})`}`);
      flags(node.flags, '      ');
      for (const s of node.sections) section(s, '    ');
    }
    for (const r of stack.resources) {
      section(r, '  ');
      flags(r.flags, '      ');
    }
    if (stack.settings.length > 0) {
      out.push('  ~ outputs, providers and backend');
      for (const c of stack.settings) out.push(`      ${changeLine(c)}`);
    }
  }
  if (report.stacks.length === 0) out.push('', 'No changes.');
  return `${out.join('\n')}\n`;
}

/** A name for Markdown: in backticks, with backticks removed (names come from the pull request). */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function fence(lines: readonly string[]): string[] {
  return ['```diff', ...lines.map((l) => l.replace(/```/g, "'''")), '```'];
}

/** The report as Markdown for a pull-request comment. */
export function formatMarkdown(report: PreviewReport, labels: PreviewLabels): string {
  const out: string[] = [
    '### cdktf-talos preview',
    '',
    `${code(labels.base)} → ${code(labels.head)}: **${summary(report)}**`,
  ];
  const flagLines = (list: readonly Flag[]): string[] => sortFlags(list).map((f) => `- **${f.kind}**: ${f.message}`);
  const sectionBlock = (s: Section): string[] => {
    const head = `${s.title} ${code(s.address)}${s.kind === 'changed' ? '' : ` (${s.kind})`}`;
    if (s.changes.length === 0) return [`- ${head}`];
    const lines = fence(s.changes.map(changeLine));
    if (s.changes.length > 25) return ['', `<details><summary>${head}: ${s.changes.length} changes</summary>`, '', ...lines, '', '</details>', ''];
    return ['', head, '', ...lines, ''];
  };
  const nodeBlock = (n: NodeReport): string[] => [
    '', `**node ${code(n.name)}**${n.kind === 'changed' ? '' : ` (${n.kind})`}`, '', ...flagLines(n.flags), ...n.sections.flatMap(sectionBlock),
  ];
  const upgradeBlock = (u: UpgradeReport): string[] => [
    '', `**${upgradeHeading(u).replace(`'${u.cluster}'`, code(u.cluster))}**`, '',
    ...u.problems.map((p) => `- **error**: ${p}`),
    ...(u.plan.length > 0 ? ['', '```', ...u.plan.map((l) => l.replace(/```/g, "'''")), '```'] : []),
    ...u.notes.map((n) => `- note: ${n}`),
    ...(u.commands.length > 0 ? ['', '<details><summary>talosctl commands</summary>', '', '```sh', ...u.commands.map((l) => l.replace(/```/g, "'''")), '```', '', '</details>'] : []),
  ];
  const stackBlock = (s: StackReport): string[] => [
    '', `#### stack ${code(s.name)}${s.kind === 'changed' ? '' : ` (${s.kind})`}`,
    ...s.upgrades.flatMap(upgradeBlock),
    ...s.nodes.flatMap(nodeBlock),
    ...s.resources.flatMap((r) => [...sectionBlock(r), ...flagLines(r.flags)]),
    ...(s.settings.length > 0 ? ['', 'outputs, providers and backend', '', ...fence(s.settings.map(changeLine))] : []),
  ];
  out.push(...report.stacks.flatMap(stackBlock));
  if (report.stacks.length === 0) out.push('', 'No changes to the synthesized stacks.');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function format(report: PreviewReport, labels: PreviewLabels, fmt: PreviewFormat): string {
  return fmt === 'markdown' ? formatMarkdown(report, labels) : formatText(report, labels);
}
