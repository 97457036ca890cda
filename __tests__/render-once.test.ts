/**
 * A node is rendered once per `app.synth()`: cdktf's preparing pass keeps its rendering for the pass that writes the
 * stack (cdktf 0.21.0 lib/app.js `synth`: every stack's `prepareStack()`, then every stack's synthesizer). What is kept
 * must never be served outside that window: these tests edit the declaration between synths and expect every later
 * synth to show the edit.
 */
import { FirstContact, InstallDisk, MachineSettings, TalosCluster, TalosClusterProps } from '../constructs';
import { synthApp, synthJson, testStack } from './helpers/synth';

const sysctls: Record<string, number> = { 'net.ipv4.ip_forward': 1 };
const props = (settings: MachineSettings): TalosClusterProps => ({
  clusterName: 'home', talosVersion: 'v1.12.11', kubernetesVersion: '1.35.4', endpoint: 'https://10.0.0.2:6443',
  network: { gateway: '10.0.0.1' }, nodeDefaults: settings, firstContact: FirstContact.dhcpReservation(),
});
const box = (n: number) => ({ hostname: `node-${n}`, links: [{ interface: 'eth0', addresses: [`10.0.0.${1 + n}/24`] }], installDisk: InstallDisk.path('/dev/sda') });

function patchesOf(json: Record<string, any>, hostname: string): string {
  return (json.data.talos_machine_configuration[`home_${hostname}`].config_patches as string[]).join('\n---\n');
}

describe('a node rendered once per synth', () => {
  it('a second app.synth() shows the options as they are then', () => {
    const { app, stack } = testStack('lab');
    const own = { ...sysctls };
    const cluster = new TalosCluster(stack, 'home', props({ sysctls: own }));
    cluster.addControlPlane(box(1));
    expect(patchesOf(synthApp(app).get('lab')!, 'node-1')).toContain('net.ipv4.ip_forward: "1"');
    own['vm.max_map_count'] = 262144;
    const second = patchesOf(synthApp(app).get('lab')!, 'node-1');
    expect(second).toContain('vm.max_map_count: "262144"');
  });

  it('a node joining between the preparing pass and the next resolve drops the kept rendering', () => {
    const { stack } = testStack('lab');
    const own: Record<string, number> = { 'net.ipv4.ip_forward': 1 };
    const cluster = new TalosCluster(stack, 'home', props({ sysctls: own }));
    cluster.addControlPlane(box(1));
    stack.prepareStack(); // the preparing pass keeps node-1's rendering
    own['fs.file-max'] = 1000000;
    cluster.addWorker(box(2)); // the cluster changes: what was kept no longer holds
    const json = synthJson(stack);
    expect(patchesOf(json, 'node-1')).toContain('fs.file-max: "1000000"');
    expect(patchesOf(json, 'node-2')).toContain('fs.file-max: "1000000"');
  });

  it('a resolve outside app.synth() (Testing.synth) after a synth renders afresh', () => {
    const { app, stack } = testStack('lab');
    const own: Record<string, number> = { 'net.ipv4.ip_forward': 1 };
    const cluster = new TalosCluster(stack, 'home', props({ sysctls: own }));
    cluster.addControlPlane(box(1));
    synthApp(app);
    own['net.core.somaxconn'] = 65535;
    expect(patchesOf(synthJson(stack), 'node-1')).toContain('net.core.somaxconn: "65535"');
  });
});
