/**
 * Summaries of `terraform plan` results per stack, for the pull-request comment. Pure: the JSON of
 * `terraform show -json <planfile>` in, Markdown or text out. Only addresses and actions are reported, never values.
 */

/** What Terraform will do to one resource. */
export type PlanAction = 'create' | 'update' | 'delete' | 'replace' | 'read';

export interface PlannedChange {
  readonly address: string;
  readonly action: PlanAction;
}

/** The outcome of planning one stack. */
export type StackPlan =
  | { readonly stack: string; readonly status: 'planned'; readonly changes: readonly PlannedChange[] }
  | { readonly stack: string; readonly status: 'failed'; readonly step: 'init' | 'plan' | 'show'; readonly output: string };

/** The resource changes of a plan (`terraform show -json`), without no-ops. */
export function plannedChanges(plan: { resource_changes?: Array<{ address: string; change: { actions: string[] } }> }): PlannedChange[] {
  const out: PlannedChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions;
    const action: PlanAction | undefined = a.includes('delete') && a.includes('create') ? 'replace'
      : a.includes('create') ? 'create' : a.includes('delete') ? 'delete' : a.includes('update') ? 'update' : a.includes('read') ? 'read' : undefined;
    if (action !== undefined) out.push({ address: rc.address, action });
  }
  return out;
}

function counts(changes: readonly PlannedChange[]): string {
  const n = (a: PlanAction): number => changes.filter((c) => c.action === a).length;
  const replace = n('replace');
  return `${n('create') + replace} to add, ${n('update')} to change, ${n('delete') + replace} to destroy${replace > 0 ? ` (${replace} replaced)` : ''}`;
}

const SYMBOL: Record<PlanAction, string> = { create: '+', update: '~', delete: '-', replace: '-/+', read: '<=' };

/** The per-stack summary as Markdown: one table row per stack, then the changed addresses of each. */
export function formatPlansMarkdown(plans: readonly StackPlan[]): string {
  const out = ['### Terraform plan', '', '| stack | plan |', '| --- | --- |'];
  for (const p of plans) {
    const result = p.status === 'failed' ? `**${p.step} failed**` : p.changes.filter((c) => c.action !== 'read').length === 0 ? 'no changes' : counts(p.changes);
    out.push(`| \`${p.stack}\` | ${result} |`);
  }
  for (const p of plans) {
    if (p.status === 'failed') {
      out.push('', `<details><summary><code>${p.stack}</code>: terraform ${p.step} failed</summary>`, '', '```', p.output.replace(/```/g, "'''"), '```', '', '</details>');
    } else if (p.changes.some((c) => c.action !== 'read')) {
      const lines = p.changes.filter((c) => c.action !== 'read').map((c) => `${SYMBOL[c.action].padEnd(3)} ${c.address}`);
      out.push('', `<details><summary><code>${p.stack}</code>: ${counts(p.changes)}</summary>`, '', '```diff', ...lines, '```', '', '</details>');
    }
  }
  if (plans.length === 0) out.push('', 'No stacks were synthesized.');
  return `${out.join('\n')}\n`;
}

/** The same for a terminal. */
export function formatPlansText(plans: readonly StackPlan[]): string {
  return `${plans.map((p) => p.status === 'failed'
    ? `${p.stack}: terraform ${p.step} failed\n${p.output}`
    : `${p.stack}: ${counts(p.changes)}${p.changes.filter((c) => c.action !== 'read').map((c) => `\n  ${SYMBOL[c.action].padEnd(3)} ${c.address}`).join('')}`).join('\n')}\n`;
}
