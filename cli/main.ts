#!/usr/bin/env node
/**
 * The `cdktf-talos` command: `cdktf-talos <command> [options]`. Arguments are parsed with `node:util.parseArgs`
 * (strict: unknown options are errors); each command is an entry of {@link COMMANDS}.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Command, CommandContext, UsageError } from './command';
import { initWorkflowsCommand } from './commands/init-workflows';
import { plan } from './commands/plan';
import { preview } from './commands/preview';
import { synth } from './commands/synth';
import { upgradeCommands } from './commands/upgrade-commands';
import { packageRoot } from './project';

/** Every subcommand, by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  synth,
  preview,
  plan,
  'upgrade-commands': upgradeCommands,
  'init-workflows': initWorkflowsCommand,
};

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'usage: cdktf-talos <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'cdktf-talos <command> --help describes a command.',
    '',
  ].join('\n');
}

function commandHelp(name: string, c: Command): string {
  return `usage: cdktf-talos ${name} ${c.usage}\n\n${c.description}\n`;
}

/** Runs the bin with `argv` (the arguments after the program); resolves to the exit code. */
export async function main(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    ctx.stdout(`${version()}\n`);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    ctx.stderr(`cdktf-talos: '${name}' is not a command: use one of ${Object.keys(COMMANDS).join(', ')}\n\n${help()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    });
    if (values.help === true) {
      ctx.stdout(commandHelp(name, command));
      return 0;
    }
    return await command.run(values, positionals, ctx);
  } catch (err) {
    const usage = err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;
    // Not `instanceof Error`: errors from node's own modules may come from another realm (a test runner's sandbox).
    const message = typeof (err as { message?: unknown } | null)?.message === 'string' ? (err as Error).message : String(err);
    ctx.stderr(`cdktf-talos ${name}: ${message}\n`);
    if (usage) {
      ctx.stderr(`usage: cdktf-talos ${name} ${command.usage}\n`);
      return 2;
    }
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => { process.exitCode = code; }, (err: unknown) => {
    process.stderr.write(`cdktf-talos: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
