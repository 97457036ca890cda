/**
 * The user's cdktf project as the bin sees it: `cdktf.json` (the `app` command and its `context`) and a way to run
 * the app into an output directory exactly as the cdktf CLI does (a shell command with `CDKTF_OUTDIR` and
 * `CDKTF_CONTEXT_JSON` set), without Terraform, credentials or network.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The parts of `cdktf.json` the bin uses. */
export interface CdktfProject {
  /** The project's root (where `cdktf.json` is). */
  readonly dir: string;
  /** The shell command that synthesizes the app, e.g. `npx tsx main.ts`. */
  readonly app: string;
  /** Context for the app: `cdktf.json`'s `context`, plus its `targetVersions` (cdktn) under that name. */
  readonly context: Readonly<Record<string, unknown>>;
}

/** Reads `<dir>/cdktf.json`; throws an error that says how to fix a missing or incomplete file. */
export function readProject(dir: string): CdktfProject {
  const file = path.join(dir, 'cdktf.json');
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not JSON (${(err as Error).message})`;
    throw new Error(`${file} ${why}: run cdktf-talos in your project's root, next to a cdktf.json like { "language": "typescript", "app": "npx tsx main.ts" }`);
  }
  const config = (json ?? {}) as { app?: unknown; context?: unknown; targetVersions?: unknown };
  if (typeof config.app !== 'string' || config.app.trim() === '') {
    throw new Error(`${file} has no "app": name the command that synthesizes your stacks, e.g. "app": "npx tsx main.ts"`);
  }
  const context = config.context !== null && typeof config.context === 'object' && !Array.isArray(config.context)
    ? config.context as Record<string, unknown>
    : {};
  // cdktn's CLI passes the top-level `targetVersions` to the app as context of that name; so does this one.
  return { dir, app: config.app, context: config.targetVersions !== undefined ? { ...context, targetVersions: config.targetVersions } : context };
}

/**
 * Runs the project's app into `outdir` (as `cdktf synth` would) and resolves when it succeeded; rejects with the app's
 * own output (a declaration error names every field, value and fix) when it failed.
 */
export function runApp(project: CdktfProject, outdir: string, label: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(project.app, {
      cwd: project.dir,
      shell: true,
      env: { ...env, CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: JSON.stringify(project.context), CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && fs.existsSync(path.join(outdir, 'manifest.json'))) resolve();
      else if (code === 0) reject(new Error(`synthesizing ${label} with '${project.app}' wrote no ${path.join(outdir, 'manifest.json')}: does the app call app.synth()?\n${output.trim()}`));
      else reject(new Error(`synthesizing ${label} with '${project.app}' failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/** The root of the installed cdktf-talos package (where its package.json and `templates/` are). */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'cdktf-talos') return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the cdktf-talos package above ${from}`);
  }
}
