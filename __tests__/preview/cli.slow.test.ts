/**
 * `cdktf-talos preview --base HEAD~1` end to end (the bin's source, run with tsx), in a throwaway git repository holding
 * this project's library and a small app named by its cdktf.json: the last commit changes one node's sysctl, and the
 * preview prints that one change for that one node. The packed-package test runs the compiled bin the same way.
 * In the slow tier (`npm run test:slow`): it synthesizes twice in fresh processes.
 */
import { execFileSync } from 'child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const repo = resolve(__dirname, '..', '..');

function app(swappiness: string): string {
  return `
import { App, TerraformStack } from 'cdktf';
import { FirstContact, InstallDisk, StateBackend, TalosCluster } from './constructs';

const app = new App();
const stack = new TerraformStack(app, 'lab');
StateBackend.local().bind(stack);
const cluster = new TalosCluster(stack, 'lab', { clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', firstContact: FirstContact.dhcpReservation(), nodeDefaults: { installDisk: InstallDisk.path('/dev/sda') } });
cluster.addControlPlane({ hostname: 'lab-cp-0', links: [{ interface: 'eth0', addresses: ['10.0.0.10/24'] }] });
cluster.addWorker({ hostname: 'lab-w-0', links: [{ interface: 'eth0', addresses: ['10.0.0.20/24'] }] });
cluster.addWorker({ hostname: 'lab-w-1', links: [{ interface: 'eth0', addresses: ['10.0.0.21/24'] }], sysctls: { 'vm.swappiness': '${swappiness}' } });
app.synth();
`;
}

describe('cdktf-talos preview', () => {
  let dir: string;
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=preview test', '-c', 'user.email=preview@test.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8' });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdktf-talos-preview-test-'));
    for (const p of ['constructs', '.gen', 'charts', 'package.json', 'tsconfig.json']) cpSync(join(repo, p), join(dir, p), { recursive: true });
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx tsx main.ts' }));
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, '.gitignore'), 'node_modules\ncdktf.out\n.app-cache\n');
    writeFileSync(join(dir, 'main.ts'), app('10'));
    git('init', '--quiet');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'lab cluster');
    writeFileSync(join(dir, 'main.ts'), app('20'));
    git('commit', '--quiet', '-am', 'more swap');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const preview = (...args: string[]): string => execFileSync(process.execPath, [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repo, 'cli', 'main.ts'), 'preview', ...args], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });

  it('prints the one changed sysctl of the one changed node', () => {
    const base = git('rev-parse', 'HEAD~1').trim().slice(0, 12);
    expect(preview('--base', 'HEAD~1')).toBe([
      `cdktf-talos preview: HEAD~1 (${base}) -> working tree`,
      '1 stack changed, 0 unchanged',
      '',
      '~ stack lab',
      '  ~ node lab-w-1',
      '    ~ Talos configuration (data.talos_machine_configuration.lab_lab-w-1)',
      '        ~ machine.sysctls["vm.swappiness"]: "10" -> "20"',
      '',
    ].join('\n'));
  }, 60_000);

  it('prints the same as Markdown and leaves no worktree behind', () => {
    const md = preview('--base=HEAD~1', '--format', 'markdown');
    expect(md).toContain('**node `lab-w-1`**');
    expect(md).toContain('~ machine.sysctls["vm.swappiness"]: "10" -> "20"');
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('fails when the base is not a commit, saying how to fix it', () => {
    let message = '';
    try {
      preview('--base', 'no-such-branch');
    } catch (err) {
      message = String((err as { stderr?: string }).stderr);
    }
    expect(message).toContain("--base 'no-such-branch' is not a commit in this repository: give a branch, tag or commit (e.g. main, HEAD~1)");
  });
});
