/**
 * Synthesizes the app of a git ref and of the working tree, offline: the ref is checked out in a temporary
 * `git worktree` that shares this checkout's node_modules (a symlink), and each side runs the `app` of its own
 * `cdktf.json` into its own output directory. No Terraform, no credentials, no network.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProject, runApp } from '../project';
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

/** The commit a ref names, or an error that says how to fix the ref. */
export function resolveCommit(root: string, ref: string): string {
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--base '${ref}' is not a commit in this repository: give a branch, tag or commit (e.g. main, HEAD~1); in a shallow clone fetch it first`);
  }
}

/**
 * Synthesizes `ref` and the working tree of the project at `root` (the directory holding `cdktf.json`, anywhere in a
 * git repository).
 */
export async function synthesizeBaseAndHead(root: string, ref: string, env: NodeJS.ProcessEnv = process.env): Promise<{ base: SynthOutput; head: SynthOutput; commit: string }> {
  const head = readProject(root);
  const commit = resolveCommit(root, ref);
  // The project's place in its repository, so a project in a subdirectory is found in the base checkout too.
  const prefix = git(root, ['rev-parse', '--show-prefix']);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-talos-preview-'));
  const worktree = path.join(tmp, 'base');
  const baseDir = path.join(worktree, prefix);
  const links: string[] = [];
  try {
    git(root, ['worktree', 'add', '--detach', '--quiet', worktree, commit]);
    if (!fs.existsSync(path.join(baseDir, 'cdktf.json'))) throw new Error(`--base '${ref}' has no ${path.join(prefix, 'cdktf.json')}: pick a later commit`);
    // Share the installed dependencies: the project's node_modules, and the repository's when they are hoisted there.
    const toplevel = git(root, ['rev-parse', '--show-toplevel']);
    for (const [from, to] of [[root, baseDir], [toplevel, worktree]] as const) {
      const modules = path.join(from, 'node_modules');
      const link = path.join(to, 'node_modules');
      if (fs.existsSync(modules) && !fs.existsSync(link)) {
        fs.symlinkSync(modules, link, 'dir');
        links.push(link);
      }
    }
    const base = readProject(baseDir);
    const [baseOut, headOut] = [path.join(tmp, 'base.out'), path.join(tmp, 'head.out')];
    await Promise.all([runApp(base, baseOut, `--base ${ref}`, env), runApp(head, headOut, 'the working tree', env)]);
    return { base: readSynth(baseOut), head: readSynth(headOut), commit };
  } finally {
    // Unlink the shared node_modules first, so nothing below can reach into them.
    for (const link of links) fs.rmSync(link, { force: true });
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
