import { InstallDisk } from '../../../constructs/machine-config/settings';
import { Board } from '../../../constructs/machine-config/image';
import { cluster, errors, METAL_WORKER, VM_CP, vmCp, worker } from '../../helpers/declarations';

describe('URLs are checked whole', () => {
  const mirror = (url: string): string[] => errors(cluster({ nodeDefaults: { registryMirrors: { 'docker.io': { endpoints: [url] } } } }));
  it.each(['http://10.0.20.10:5000', 'https://mirror.example.com', 'https://harbor.example.com/v2/proxy-docker', 'http://[fd00::10]:5000'])('accepts the mirror %s', (url) => {
    expect(mirror(url)).toEqual([]);
  });
  it.each([
    ['http://10.0.20.10:5000 trailing', "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'http://10.0.20.10:5000 trailing' is not a mirror URL: it has whitespace, a control character or a backslash in it: write it like 'http://10.0.20.10:5000'"],
    ['http://10.0.20.10:99999', "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'http://10.0.20.10:99999' is not an http(s) URL: write it like 'http://10.0.20.10:5000'"],
    ['ftp://mirror.example.com', "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'ftp://mirror.example.com' is not an http(s) URL: write it like 'http://10.0.20.10:5000'"],
    ['http://user:secret@mirror.example.com', "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'http://user:secret@mirror.example.com' is not a mirror URL: it carries credentials (user:password@), which would be written into the configuration in clear: write it like 'http://10.0.20.10:5000'"],
    ['https://mirror.example.com/?x=1', "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'https://mirror.example.com/?x=1' is not a mirror URL: it has a query (?...): write it like 'http://10.0.20.10:5000'"],
    ['http://mirror\\evil.com', "nodeDefaults.registryMirrors['docker.io'].endpoints[0] 'http://mirror\\evil.com' is not a mirror URL: it has whitespace, a control character or a backslash in it: write it like 'http://10.0.20.10:5000'"],
  ])('fails when a mirror endpoint is %p (the old prefix check let it through)', (url, message) => {
    expect(mirror(url)).toEqual([message]);
  });

  const issuer = (issuerUrl: string): string[] => errors(cluster({ kubernetes: { apiServer: { oidc: { issuerUrl, clientId: 'kubernetes' } } } }));
  it('accepts an https issuer with a path', () => expect(issuer('https://auth.example.com/application/o/kubernetes/')).toEqual([]));
  it.each([
    ['https://auth.example.com/x y', "kubernetes.apiServer.oidc.issuerUrl 'https://auth.example.com/x y' is not a valid issuer: it has whitespace, a control character or a backslash in it: the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'"],
    ['https://auth.example.com#frag', "kubernetes.apiServer.oidc.issuerUrl 'https://auth.example.com#frag' is not a valid issuer: it has a fragment (#...): the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'"],
    ['https://auth.example.com?tenant=1', "kubernetes.apiServer.oidc.issuerUrl 'https://auth.example.com?tenant=1' is not a valid issuer: it has a query (?...): the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'"],
    ['https://', "kubernetes.apiServer.oidc.issuerUrl 'https://' is not an https URL: the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'"],
  ])('fails when the OIDC issuer is %p', (url, message) => {
    expect(issuer(url)).toEqual([message]);
  });
});

describe('control characters in any text', () => {
  it('fails, once per field, when a string or a key carries a line break, tab or NUL, quoting it escaped', () => {
    const m = errors(cluster({
      nodeDefaults: { extraKernelArgs: ['console=ttyS0\nrd.break'], nodeLabels: { tier: 'fast\u0000' }, kernelModules: [{ name: 'nvidia', parameters: ['NVreg_X=1\r\n'] }] },
      kubernetes: { apiServer: { certSans: ['k8s.example.com\t'] } },
    }, [vmCp({ tags: ['gpu\n'] }), worker({ installDisk: InstallDisk.selector({ model: 'Samsung\nSSD' }) })]));
    const suffix = "contains a line break or another control character, which would be written into the node's YAML or the Terraform configuration as it is: remove it";
    expect(m).toEqual([
      `kubernetes.apiServer.certSans[0] 'k8s.example.com\\t' ${suffix}`,
      `nodeDefaults.extraKernelArgs[0] 'console=ttyS0\\nrd.break' ${suffix}`,
      `nodeDefaults.nodeLabels['tier'] 'fast\\u0000' ${suffix}`,
      `nodeDefaults.kernelModules[0].parameters[0] 'NVreg_X=1\\r\\n' ${suffix}`,
      `nodes['k8s-master'].vm.tags[0] 'gpu\\n' ${suffix}`,
      `nodes['k8s-node2'].installDisk.diskSelector.model 'Samsung\\nSSD' ${suffix}`,
    ]);
  });

  it('fails when a map key carries one, and names the path with the key escaped', () => {
    expect(errors(cluster({ nodeDefaults: { sysctls: { 'vm.swappiness\n': 10 } } }))).toEqual([
      "nodeDefaults.sysctls['vm.swappiness\\n'] key 'vm.swappiness\\n' contains a line break or another control character, which would be written into the node's YAML as it is: remove it",
    ]);
  });

  it('leaves free-form content alone: multi-line patches, extra documents and kubelet config', () => {
    expect(errors(cluster({ nodeDefaults: {
      patches: ['machine:\n  time:\n    servers: [time.example.com]\n'],
      extraDocuments: [{ apiVersion: 'v1alpha1', kind: 'TimeSyncConfig', ntp: { servers: ['time.example.com'] } }],
      kubelet: { extraConfig: { staticPodURLHeader: { a: ['x'] } } },
    } }))).toEqual([]);
  });
});

describe('durations have units', () => {
  const kubelet = (extraConfig: Record<string, unknown>): string[] => errors(cluster({ worker: { kubelet: { extraConfig } } }));
  it.each(['30s', '1h30m', '0', '250ms', '1.5h'])('accepts %p', (d) => expect(kubelet({ shutdownGracePeriod: d })).toEqual([]));
  it.each([
    [{ shutdownGracePeriod: 30 }, "worker.kubelet.extraConfig.shutdownGracePeriod '30' has no unit: a duration is written with one, like '30s' or '5m'"],
    [{ imageMinimumGCAge: '120' }, "worker.kubelet.extraConfig.imageMinimumGCAge '120' has no unit: a duration is written with one, like '120s' or '5m'"],
    [{ nodeStatusUpdateFrequency: '10 s' }, "worker.kubelet.extraConfig.nodeStatusUpdateFrequency '10 s' is not a duration: write it like '30s', '5m' or '1h30m' (units ns, us, ms, s, m, h)"],
    [{ evictionPressureTransitionPeriod: '1d' }, "worker.kubelet.extraConfig.evictionPressureTransitionPeriod '1d' is not a duration: write it like '30s', '5m' or '1h30m' (units ns, us, ms, s, m, h)"],
    [{ authentication: { webhook: { cacheTTL: 120 } } }, "worker.kubelet.extraConfig.authentication.webhook.cacheTTL '120' has no unit: a duration is written with one, like '120s' or '5m'"],
    [{ evictionSoftGracePeriod: { 'memory.available': '90' } }, "worker.kubelet.extraConfig.evictionSoftGracePeriod['memory.available'] '90' has no unit: a duration is written with one, like '90s' or '5m'"],
  ])('fails when the kubelet gets %j', (extraConfig, message) => {
    expect(kubelet(extraConfig)).toEqual([message]);
  });
  it('leaves the kubelet\'s other fields alone (numbers are numbers there)', () => {
    expect(kubelet({ maxPods: 150, nodeLeaseDurationSeconds: 40, evictionHard: { 'memory.available': '100Mi' } })).toEqual([]);
  });
});

describe('settings given and ignored', () => {
  it('fails when an installer image that is not the node\'s schematic\'s would drop its extensions', () => {
    const m = errors(cluster({ nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent'] }, worker: { installerImage: 'ghcr.io/siderolabs/installer:v1.13.9' } }));
    expect(m).toEqual([
      "worker.installerImage 'ghcr.io/siderolabs/installer:v1.13.9' is not an Image Factory installer, so node 'k8s-node2' would be installed without siderolabs/qemu-guest-agent: remove installerImage (the node gets the installer of its own schematic)",
    ]);
    const other = `factory.talos.dev/metal-installer/${'a'.repeat(64)}:v1.13.9`;
    expect(errors(cluster({ nodeDefaults: { extensions: ['siderolabs/qemu-guest-agent'] } }, [VM_CP, worker({ installerImage: other })]))[0])
      .toMatch(/^nodes\['k8s-node2'\]\.installerImage '.*' is the installer of another schematic than node 'k8s-node2''s \([0-9a-f]{12}\.\.\., with siderolabs\/qemu-guest-agent\), so the installed system would not carry them/);
  });

  it('accepts an explicit installer on a node without extensions, and the factory installer of the node\'s own schematic', () => {
    expect(errors(cluster({}, [VM_CP, worker({ installerImage: 'registry.lan/talos/installer:v1.13.9' })]))).toEqual([]);
  });

  it('fails when a worker level removes a label only control planes carry, and accepts it for control planes', () => {
    const label = 'node.kubernetes.io/exclude-from-external-load-balancers';
    expect(errors(cluster({ worker: { nodeLabels: { [label]: null } } }))).toEqual([
      `worker.nodeLabels['${label}'] is null, but Talos sets '${label}' on control planes only, so a worker has nothing to remove and the entry is ignored: drop it, or move it to controlPlane or nodeDefaults`,
    ]);
    expect(errors(cluster({}, [VM_CP, worker({ nodeLabels: { [label]: null } })]))).toHaveLength(1);
    expect(errors(cluster({ controlPlane: { nodeLabels: { [label]: null } } }))).toEqual([]);
    expect(errors(cluster({ nodeDefaults: { nodeLabels: { [label]: null } } }))).toEqual([]);
  });
});

describe('bare-metal install disk', () => {
  const { installDisk: _d, ...noDisk } = METAL_WORKER;
  it('fails when a bare-metal node has no install disk at any level', () => {
    expect(errors(cluster({}, [VM_CP, noDisk]))).toEqual([
      "nodes['k8s-node2'].installDisk is missing: 'k8s-node2' is a bare-metal node, which has no default install disk, and Talos rejects its configuration without one; set installDisk: InstallDisk.path('/dev/sda') (or '/dev/nvme0n1') or InstallDisk.selector({ type: 'nvme' }), on the node or for every node in nodeDefaults",
    ]);
  });
  it('accepts the disk from any level, a board\'s own disk and a VM\'s bus', () => {
    expect(errors(cluster({ nodeDefaults: { installDisk: InstallDisk.path('/dev/sda') } }, [VM_CP, noDisk]))).toEqual([]);
    expect(errors(cluster({ worker: { installDisk: InstallDisk.selector({ type: 'nvme' }) } }, [VM_CP, noDisk]))).toEqual([]);
    expect(errors(cluster({}, [VM_CP, { ...noDisk, board: Board.RASPBERRY_PI }]))).toEqual([]);
  });
});

describe('registry hosts and GPU labels', () => {
  it.each([
    ['registry.lan:5000', null], ['docker.io', null], ['*', null],
    ['registry.lan:0', "nodeDefaults.registryMirrors['registry.lan:0'] 'registry.lan:0' has port 0, outside 1 to 65535: use the registry's host and port, like 'registry.lan:5000'"],
    ['registry.lan:70000', "nodeDefaults.registryMirrors['registry.lan:70000'] 'registry.lan:70000' has port 70000, outside 1 to 65535: use the registry's host and port, like 'registry.lan:5000'"],
  ])('registry host %p', (host, message) => {
    expect(errors(cluster({ nodeDefaults: { registryMirrors: { [host]: { endpoints: ['http://10.0.20.10:5000'] } } } }))).toEqual(message === null ? [] : [message]);
  });

  it('fails when a GPU label key or value is malformed, and accepts good ones', () => {
    const gpu = (labels: Record<string, string>): string[] => errors(cluster({}, [VM_CP, worker({ hostname: 'gpu1', gpu: { model: 'Tesla T4', labels } })]));
    expect(gpu({ 'example.com/gpu': 'tesla-t4' })).toEqual([]);
    expect(gpu({ 'Bad Key': 'x', tier: 'a b' })).toEqual([
      "nodes['gpu1'].gpu.labels['Bad Key'] key 'Bad Key' is not a valid label name: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric",
      "nodes['gpu1'].gpu.labels['tier'] value 'a b' is not a valid label value: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric",
    ]);
  });
});

describe('numbers where numbers are due', () => {
  it.each([[1048576, null], [-1, null], [0, null], [1.5, '1.5'], [NaN, 'NaN'], [Infinity, 'Infinity'], [1e21, '1e+21']])('sysctl value %p', (value, quoted) => {
    const m = errors(cluster({ nodeDefaults: { sysctls: { 'fs.inotify.max_user_watches': value } } }));
    expect(m).toEqual(quoted === null ? [] : [`nodeDefaults.sysctls['fs.inotify.max_user_watches'] '${quoted}' is not a whole number the kernel takes: give an integer, or the exact text as a string, like '1'`]);
  });

  it.each([[7, null], [0, null], [-1, "'-1' is not a non-negative integer"], [2.5, "'2.5' is not a non-negative integer"], [NaN, "'NaN' is not a non-negative integer"]])('audit maxAgeDays %p', (maxAgeDays, message) => {
    const m = errors(cluster({ kubernetes: { apiServer: { audit: { maxAgeDays } } } }));
    expect(m).toEqual(message === null ? [] : [`kubernetes.apiServer.audit.maxAgeDays ${message}`]);
  });

  it.each([[576, true], [9216, true], [575, false], [9217, false], [1500.5, false], [NaN, false]])('MTU %p (576 to 9216)', (mtu, ok) => {
    const m = errors(cluster({}, [VM_CP, worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], mtu }] })]));
    expect(m).toEqual(ok ? [] : [`nodes['k8s-node2'].links[0].mtu '${mtu}' is out of range: an MTU is an integer from 576 to 9216 (1500 standard, 9000 jumbo frames)`]);
  });

  it.each([[1, true], [4094, true], [0, false], [4095, false], [1.5, false], [NaN, false]])('VLAN id %p on a link and as a VM NIC tag (1 to 4094)', (id, ok) => {
    const link = errors(cluster({}, [VM_CP, worker({ links: [{ interface: 'eth0', addresses: ['10.0.20.102/24'], vlans: [{ vlanId: id, dhcp: true }] }] })]));
    expect(link).toEqual(ok ? [] : [`nodes['k8s-node2'].links[0].vlans[0].vlanId '${id}' is out of range: VLAN ids are integers from 1 to 4094`]);
    const tag = errors(cluster({}, [{ ...VM_CP, vm: { ...VM_CP.vm!, nics: [{ addresses: ['10.0.20.100/24'], vlanTag: id }] } }, METAL_WORKER]));
    expect(tag).toEqual(ok ? [] : [`nodes['k8s-master'].vm.nics[0].vlanTag '${id}' is out of range: VLAN tags are integers from 1 to 4094`]);
  });
});

describe('installer image references are checked whole', () => {
  const image = (installerImage: string): string[] => errors(cluster({}, [VM_CP, worker({ installerImage })]));
  it.each(['registry.lan:5000/talos/installer:v1.13.9', 'ghcr.io/siderolabs/installer:v1.13.9', `ghcr.io/siderolabs/installer@sha256:${'b'.repeat(64)}`])('accepts %s', (ref) => {
    expect(image(ref)).toEqual([]);
  });
  it.each(['ghcr.io/siderolabs/installer:v1.13.9?x', 'ghcr.io/siderolabs/installer:v1.13.9:x', 'ghcr.io/siderolabs/installer', 'ghcr.io/Siderolabs/installer:v1.13.9'])('fails when the installer is %s', (ref) => {
    expect(image(ref)).toEqual([`nodes['k8s-node2'].installerImage '${ref}' is not a pinned image reference: write it like 'factory.talos.dev/installer/<schematic>:v1.13.9'`]);
  });
  it('fails when an audit policy is not audit.k8s.io/v1 exactly', () => {
    expect(errors(cluster({ kubernetes: { apiServer: { audit: { policy: { apiVersion: 'audit.k8s.io/v1beta1', kind: 'Policy', rules: [] } } } } }))).toEqual([
      "kubernetes.apiServer.audit.policy has apiVersion 'audit.k8s.io/v1beta1' and kind 'Policy': an audit policy is { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [...] }",
    ]);
  });
});

describe('API-server duration flags', () => {
  const args = (extraArgs: Record<string, string>): string[] => errors(cluster({ kubernetes: { apiServer: { extraArgs } } }));
  it('accepts durations with units, and min-request-timeout in plain seconds', () => {
    expect(args({ 'request-timeout': '2m', 'event-ttl': '1h', 'shutdown-delay-duration': '0', 'min-request-timeout': '1800' })).toEqual([]);
  });
  it('fails when a duration flag has no unit', () => {
    expect(args({ 'event-ttl': '3600' })).toEqual(["kubernetes.apiServer.extraArgs['event-ttl'] '3600' has no unit: a duration is written with one, like '3600s' or '5m'"]);
    expect(args({ 'request-timeout': 'one minute' })).toEqual(["kubernetes.apiServer.extraArgs['request-timeout'] 'one minute' is not a duration: write it like '30s', '5m' or '1h30m' (units ns, us, ms, s, m, h)"]);
  });
});
