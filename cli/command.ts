/**
 * The subcommand table of the `cdktf-talos` bin. A command declares its options for `node:util.parseArgs` and a
 * `run` that gets the parsed values; `main` parses, dispatches and turns errors into exit codes. A new command is one more
 * entry in {@link COMMANDS} (cli/main.ts).
 */
import type { ParseArgsConfig } from 'node:util';

/** Option declarations, as `node:util.parseArgs` takes them. */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Parsed option values (strings for `type: 'string'`, booleans for `type: 'boolean'`). */
export type OptionValues = Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>;

/** Where a command runs and writes: the process in the bin, a recorder in tests. */
export interface CommandContext {
  /** The directory the command works in (the project's root, where `cdktf.json` is). */
  readonly cwd: string;
  /** The environment the command and the processes it starts see. */
  readonly env: NodeJS.ProcessEnv;
  /** Writes to standard output (the command's result, e.g. the preview). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (progress and diagnostics). */
  readonly stderr: (text: string) => void;
}

/** One subcommand of `cdktf-talos`. */
export interface Command {
  /** One line for `cdktf-talos --help`. */
  readonly summary: string;
  /** The arguments after the command's name, for its usage line, e.g. `--base <git ref> [--format text|markdown]`. */
  readonly usage: string;
  /** Longer help: what the command does and what it needs. */
  readonly description: string;
  /** The command's options (`--help` is added to every command). */
  readonly options: OptionSpecs;
  /** Runs the command; resolves to the process exit code. Throw {@link UsageError} for bad arguments. */
  run(values: OptionValues, positionals: readonly string[], ctx: CommandContext): Promise<number>;
}

/** Bad arguments: the bin prints the message with the command's usage and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A string option's value, or undefined when it was not given. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} needs a value`);
  return v;
}

/** A string option that must be given. */
export function requiredOption(values: OptionValues, name: string, example: string): string {
  const v = stringOption(values, name);
  if (v === undefined) throw new UsageError(`--${name} is required: ${example}`);
  return v;
}

/** A string option restricted to `choices`. */
export function choiceOption<T extends string>(values: OptionValues, name: string, choices: readonly T[], fallback: T): T {
  const v = stringOption(values, name) ?? fallback;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${name} '${v}' is not one of ${choices.join(', ')}`);
  return v as T;
}
