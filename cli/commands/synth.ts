/**
 * `cdktf-talos synth [--outdir cdktf.out]`
 *
 * Runs the `app` of `cdktf.json` as `cdktf synth` does (with `CDKTF_OUTDIR` and the `context` of `cdktf.json`), without
 * the cdktf CLI: enough for the preview and the plan, offline.
 */
import * as path from 'node:path';
import { Command, stringOption } from '../command';
import { readSynth } from '../preview/synth';
import { readProject, runApp } from '../project';

export const synth: Command = {
  summary: 'synthesize the app of cdktf.json into cdktf.out (no cdktf CLI, Terraform or network needed)',
  usage: '[--outdir cdktf.out]',
  description: 'Runs the "app" command of cdktf.json with CDKTF_OUTDIR and its "context", as cdktf synth does, and lists the stacks.',
  options: {
    outdir: { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    const project = readProject(ctx.cwd);
    const outdir = path.resolve(ctx.cwd, stringOption(values, 'outdir') ?? 'cdktf.out');
    await runApp(project, outdir, 'the app', ctx.env);
    const stacks = [...readSynth(outdir).keys()];
    ctx.stdout(`synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} into ${path.relative(ctx.cwd, outdir) || '.'}: ${stacks.join(', ')}\n`);
    return 0;
  },
};
