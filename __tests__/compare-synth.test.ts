/**
 * The comparison `.ci/cdktn` runs between the cdktf and cdktn synth outputs: equal apart from metadata, and it
 * notices a changed resource, a missing stack or a changed asset.
 */
import { App, AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FirstContact, InstallDisk, StateBackend, TalosCluster } from '../constructs';
import { compareSynth } from '../scripts/compare-synth';

const CHART = join(__dirname, '..', 'charts', 'manifests', 'values.yaml');

function synthInto(outdir: string, extraStack = false): void {
  const real = new App({ outdir });
  const stack = new TerraformStack(real, 'lab');
  StateBackend.local().bind(stack);
  const cluster = new TalosCluster(stack, 'lab', { clusterName: 'lab', talosVersion: 'v1.13.9', kubernetesVersion: '1.36.3', firstContact: FirstContact.dhcpReservation() });
  cluster.addControlPlane({ hostname: 'lab-cp-0', links: [{ interface: 'eth0', addresses: ['10.0.0.10/24'] }], installDisk: InstallDisk.path('/dev/sda') });
  new TerraformAsset(stack, 'values', { path: CHART, type: AssetType.FILE });
  if (extraStack) new TerraformStack(real, 'extra');
  real.synth();
}

describe('compareSynth', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdktf-talos-compare-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const stackFile = (out: string): string => join(dir, out, 'stacks', 'lab', 'cdk.tf.json');
  const edit = (out: string, change: (j: Record<string, any>) => void): void => {
    const j = JSON.parse(readFileSync(stackFile(out), 'utf8'));
    change(j);
    writeFileSync(stackFile(out), JSON.stringify(j));
  };

  it('finds two outputs equal when only the metadata differs', () => {
    synthInto(join(dir, 'a'));
    synthInto(join(dir, 'b'));
    edit('b', (j) => { j['//'].metadata.version = '0.24.0'; });
    expect(compareSynth(join(dir, 'a'), join(dir, 'b'))).toEqual([]);
  });

  it('fails when a resource differs, naming the stack and the top-level key', () => {
    synthInto(join(dir, 'a'));
    synthInto(join(dir, 'b'));
    edit('b', (j) => { j.resource.talos_machine_secrets.lab.talos_version = 'v1.12'; });
    expect(compareSynth(join(dir, 'a'), join(dir, 'b'))).toEqual(['stack lab: the JSON differs under resource']);
  });

  it('fails when the stacks differ', () => {
    synthInto(join(dir, 'a'));
    synthInto(join(dir, 'b'), true);
    expect(compareSynth(join(dir, 'a'), join(dir, 'b'))).toEqual(['stacks differ: lab vs extra, lab']);
  });

  it('fails when an asset file differs', () => {
    synthInto(join(dir, 'a'));
    synthInto(join(dir, 'b'));
    const assets = join(dir, 'b', 'stacks', 'lab', 'assets');
    const [file] = readdirSync(assets, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    writeFileSync(join(file.parentPath, file.name), 'manifests: [changed]\n');
    expect(compareSynth(join(dir, 'a'), join(dir, 'b'))).toEqual([`stack lab: asset ${join(file.parentPath, file.name).slice(assets.length + 1)} differs`]);
  });
});
