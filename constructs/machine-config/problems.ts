/**
 * The vocabulary of bad input, shared by every check of the library: a problem names the field by its path and says
 * what is wrong with the value and how to fix it; a declaration with problems fails with all of them at once.
 */

/** One thing wrong with a declaration. */
export interface Problem {
  /** Where: `nodes['k8s-node2'].links[0].addresses[0]`. */
  readonly path: string;
  /** What is wrong with the value and how to fix it. */
  readonly message: string;
  /**
   * The construct the problem was found in, by its path (`homelab-cluster/homelab`), in an app's report.
   * @default - none (a problem of the core)
   */
  readonly construct?: string;
}

/** `path message` (the message alone without a path), after `[construct]` when the problem names its construct. */
export function formatProblem(p: Problem): string {
  return `${p.construct !== undefined ? `[${p.construct}] ` : ''}${p.path === '' ? '' : `${p.path} `}${p.message}`;
}

/** Thrown when a declaration has problems; its message lists all of them. */
export class DeclarationError extends Error {
  constructor(public readonly problems: readonly Problem[], subject = 'cluster declaration') {
    super(`${subject} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'DeclarationError';
  }
}

/** A value quoted for a message: strings as they are, anything else as JSON, always in single quotes. */
export function quote(value: unknown): string {
  return `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
}
