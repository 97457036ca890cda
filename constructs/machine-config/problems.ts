/**
 * The vocabulary of bad input, shared by every check of the library: a problem names the field by its path and says
 * what is wrong with the value and how to fix it; a declaration with problems fails with all of them at once.
 */

/** How serious a problem is: an error fails the synth, a warning is reported and the synth goes on. */
export type ProblemSeverity = 'error' | 'warning';

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
  /**
   * Whether the problem fails the declaration.
   * @default 'error'
   */
  readonly severity?: ProblemSeverity;
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

// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators: none of them is visible in a
// message, and each would change the meaning of a YAML or Terraform string it reaches.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** True when the text holds a control character (line breaks, tabs, NUL, ...). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

function escapeControl(text: string): string {
  return text.replace(CONTROL_ALL, (ch) => {
    switch (ch) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/**
 * A value quoted for a message: strings as they are (control characters written as escapes, `\n`, `\u0000`, so the
 * message shows what was received), anything else as JSON, always in single quotes.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `'${escapeControl(value)}'`;
  if (typeof value === 'number' && !Number.isFinite(value)) return `'${String(value)}'`;
  return `'${JSON.stringify(value)}'`;
}
