/**
 * cdktf alone, for `npm run bench`: BENCH_NODES times the four resources a worker of scripts/bench/cluster-app.ts
 * writes (its VM, the VM's generation marker, its configuration data source with the same seven patches, its apply),
 * through the same bindings, with the same references between them and every other value a constant. What this costs
 * per node is what cdktf itself costs for a node's resources, before the library does any work: the floor under the
 * cluster's per-node cost.
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { attributeReference, DataTalosMachineConfiguration, MachineConfigurationApply, TerraformData, VirtualEnvironmentVm } from '../../constructs/private/providers';
import { MachineSecrets } from '../../.gen/providers/talos/machine-secrets';
import { TalosProvider } from '../../.gen/providers/talos/provider';
import { ProxmoxProvider } from '../../.gen/providers/proxmox/provider';
const nodes = Number(process.env.BENCH_NODES ?? 3);
const app = new App();
const stack = new TerraformStack(app, `floor-${nodes}`);
new LocalBackend(stack, {});
new TalosProvider(stack, 'talos');
new ProxmoxProvider(stack, 'proxmox', { endpoint: 'https://x:8006' });
const secrets = new MachineSecrets(stack, 'secrets', {});
for (let i = 0; i < nodes; i++) {
  const h = `worker-${i}`; const addr = `10.0.${1 + Math.floor(i / 200)}.${10 + (i % 200)}`;
  const scope = new Construct(stack, h);
  const vmScope = new Construct(scope, 'vm');
  const vm = new VirtualEnvironmentVm(vmScope, 'vm', {
    agent: { enabled: true, timeout: '2m', waitForIp: { disabled: true } }, bootOrder: ['scsi0', 'ide0'],
    cdrom: { fileId: 'local:iso/x.iso', interface: 'ide0' }, cpu: { cores: 4, sockets: 1, type: 'host' },
    description: `Talos worker ${h} of cluster lab, managed by cdktf-talos`,
    disk: [{ datastoreId: 'local-lvm', discard: 'on', fileFormat: 'raw', interface: 'scsi0', iothread: true, size: 64 }],
    initialization: { datastoreId: 'local-lvm', dns: { servers: ['10.0.0.1', '1.1.1.1'] }, interface: 'ide2', ipConfig: [{ ipv4: { address: `${addr}/16`, gateway: '10.0.0.1' } }], type: 'nocloud' },
    machine: 'q35', memory: { dedicated: 8192, floating: 0 }, name: h,
    networkDevice: [{ bridge: 'vmbr0', firewall: false, macAddress: 'BC:24:11:A9:33:E6', model: 'virtio' }],
    nodeName: 'pve1', onBoot: true, operatingSystem: { type: 'l26' }, rebootAfterUpdate: false, scsiHardware: 'virtio-scsi-single',
    started: true, stopOnDestroy: true, tags: ['lab', 'talos', 'worker'], vmId: 1000 + i,
  });
  const gen = new TerraformData(vmScope, 'generation', { triggersReplace: { vm_id: vm.id } });
  const config = new DataTalosMachineConfiguration(scope, 'configuration', {
    clusterEndpoint: 'https://10.0.0.10:6443', clusterName: 'lab', docs: false, examples: false, kubernetesVersion: '1.36.3',
    machineSecrets: attributeReference(secrets, 'machine_secrets'), machineType: 'worker', talosVersion: 'v1.13.9',
    configPatches: [
      `machine:\n  sysctls:\n    fs.inotify.max_user_watches: "1048576"\n    net.ipv4.ip_forward: "1"\n  install:\n    disk: /dev/sda\n    image: x\ncluster:\n  network:\n    podSubnets:\n      - 10.244.0.0/15\n`,
      `apiVersion: v1alpha1\nkind: HostnameConfig\nauto: off\nhostname: ${h}\n`,
      'apiVersion: v1alpha1\nkind: ResolverConfig\nnameservers:\n  - address: 10.0.0.1\n  - address: 1.1.1.1\n',
      'apiVersion: v1alpha1\nkind: LinkAliasConfig\nname: net0\nselector:\n  match: mac(link.permanent_addr) == "bc:24:11:a9:33:e6"\n',
      `apiVersion: v1alpha1\nkind: LinkConfig\nname: net0\nup: true\naddresses:\n  - address: ${addr}/16\nroutes:\n  - gateway: 10.0.0.1\n`,
      'apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: docker.io\nendpoints:\n  - url: http://10.0.0.5:5000\n',
      'apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: ghcr.io\nendpoints:\n  - url: http://10.0.0.5:5010\n',
    ],
  });
  new MachineConfigurationApply(scope, 'apply', {
    applyMode: 'auto', clientConfiguration: attributeReference(secrets, 'client_configuration'), dependsOn: [vm], endpoint: addr, nodeAttribute: addr,
    lifecycle: { replaceTriggeredBy: [gen] }, machineConfigurationInput: config.machineConfiguration,
  });
}
app.synth();
