/**
 * `npm run preview -- --base <git ref> [--format text|markdown] [--head-label <text>]`
 *
 * Offline, with no credentials: synthesizes the app at `<git ref>` and in the working tree and prints, per stack and
 * per node, what changes in the rendered Talos configuration, the VMs, the image schematics, the Helm releases and
 * every other resource, flagging what replaces a VM, needs a reboot or needs a Talos upgrade. The rules are in
 * scripts/preview/diff.ts. `--format markdown` prints the same as a pull-request comment.
 */
import * as path from 'node:path';
import { diffSynth } from './preview/diff';
import { format, PreviewFormat } from './preview/format';
import { synthesizeBaseAndHead } from './preview/synth';

const USAGE = 'usage: npm run preview -- --base <git ref> [--format text|markdown] [--head-label <text>]';

function parseArgs(argv: readonly string[]): { base: string; format: PreviewFormat; headLabel: string } {
  let base: string | undefined;
  let headLabel = 'working tree';
  let fmt: string = 'text';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--base') base = value();
    else if (flag === '--format') fmt = value();
    else if (flag === '--head-label') headLabel = value();
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument '${argv[i]}'\n${USAGE}`);
  }
  if (base === undefined) throw new Error(`--base is required\n${USAGE}`);
  if (fmt !== 'text' && fmt !== 'markdown') throw new Error(`--format '${fmt}' is not a format: use text or markdown`);
  return { base, format: fmt, headLabel };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = path.resolve(__dirname, '..');
  const { base, head, commit } = await synthesizeBaseAndHead(root, args.base);
  const report = diffSynth(base, head);
  const label = args.base === commit || commit.startsWith(args.base) ? commit.slice(0, 12) : `${args.base} (${commit.slice(0, 12)})`;
  process.stdout.write(format(report, { base: label, head: args.headLabel }, args.format));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
