/**
 * Synthesizes the app of a git ref and of the working tree, offline: the ref is checked out in a temporary
 * `git worktree` that shares this checkout's node_modules (a symlink), and each app runs with this checkout's
 * scripts/run-app.cjs (as `cdktf synth` runs it) into its own output directory. No Terraform, no credentials, no
 * network.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StackJson, SynthOutput } from './diff';

/** The stacks a cdktf output directory holds, by name (from its `manifest.json`). */
export function readSynth(outdir: string): SynthOutput {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return new Map(Object.entries(manifest.stacks).map(([name, s]): [string, StackJson] => [
    name, JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')) as StackJson,
  ]));
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Runs `main.ts` of `dir` with the app runner of `root`, writing to `outdir`; rejects with the app's own error output. */
function runApp(root: string, dir: string, outdir: string, label: string, cache?: string): Promise<SynthOutput> {
  const runner = path.join(root, 'scripts', 'run-app.cjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, 'main.ts'], {
      cwd: dir,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', ...(cache !== undefined ? { CDKTF_TALOS_APP_CACHE: cache } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`synthesizing ${label} failed (exit ${code}):\n${output.trim()}`));
      else resolve(readSynth(outdir));
    });
  });
}

/** The commit a ref names, or an error that says how to fix the ref. */
export function resolveCommit(root: string, ref: string): string {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--base '${ref}' is not a commit in this repository: give a branch, tag or commit (e.g. main, HEAD~1); in a shallow clone fetch it first`);
  }
}

/** Synthesizes `ref` and the working tree of the checkout at `root`. */
export async function synthesizeBaseAndHead(root: string, ref: string): Promise<{ base: SynthOutput; head: SynthOutput; commit: string }> {
  const commit = resolveCommit(root, ref);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-preview-'));
  const worktree = path.join(tmp, 'base');
  try {
    git(root, ['worktree', 'add', '--detach', '--quiet', worktree, commit]);
    if (!fs.existsSync(path.join(worktree, 'main.ts'))) throw new Error(`--base '${ref}' has no main.ts: pick a later commit`);
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(worktree, 'node_modules'), 'dir');
    const [base, head] = await Promise.all([
      // The base's bundle is built once and thrown away with the worktree; the working tree's is kept for next time.
      runApp(root, worktree, path.join(tmp, 'base.out'), `--base ${ref}`, path.join(tmp, 'base.app')),
      runApp(root, root, path.join(tmp, 'head.out'), 'the working tree'),
    ]);
    return { base, head, commit };
  } finally {
    // Unlink the shared node_modules first, so nothing below can reach into it.
    fs.rmSync(path.join(worktree, 'node_modules'), { force: true });
    try {
      git(root, ['worktree', 'remove', '--force', worktree]);
    } catch {
      // Not added, or already gone: prune below.
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
      git(root, ['worktree', 'prune']);
    } catch {
      // Best effort.
    }
  }
}
