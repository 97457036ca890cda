/** Rules of machine and Kubernetes settings at every level: syntax, values, and what a worker may set on itself. */
import { parse as parseYaml } from 'yaml';
import { Problem } from '../problems';
import { kindIntroducedIn } from '../kinds';
import { ClusterDeclaration, kernelModule, nodeImage, NodeDeclaration, settingLevels } from '../model';
import { schematicId } from '../installer';
import { Cidr, cidrContains, Ip, networkText, parseCidr, parseHttpUrl } from '../net';
import { DEFAULT_NODE_LABELS, KubernetesSettings, MachineSettings, parseDiskSize } from '../settings';
import { CONFIG_CONTRACTS, ConfigContract } from '../versions';
import { extensionProblem } from '../extensions';
import { ValidateOptions, q, Collector, defaultTokenCheck } from './collector';

/** API-server flags Talos sets itself: setting them fails when the API server is rendered (or is overridden). */
export const TALOS_OWNED_APISERVER_ARGS: readonly string[] = [
  'audit-log-path', 'audit-policy-file', 'authentication-config', 'authorization-config', 'client-ca-file',
  'encryption-provider-config', 'etcd-cafile', 'etcd-certfile', 'etcd-keyfile', 'etcd-servers', 'kubelet-client-certificate',
  'kubelet-client-key', 'proxy-client-cert-file', 'proxy-client-key-file', 'requestheader-client-ca-file',
  'service-account-key-file', 'service-account-signing-key-file', 'tls-cert-file', 'tls-private-key-file',
];

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export const SYSCTL_NAME = /^[A-Za-z0-9_-]+([./][A-Za-z0-9_-]+)+$/;

export const KERNEL_MODULE = /^[A-Za-z0-9_-]+$/;

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export const EXTENSION = /^[a-z0-9-]+\/[a-z0-9][a-z0-9._-]*$/;

/**
 * A pinned image reference, whole: a registry host (with an optional port), lower-case path components joined by
 * `.`, `_`, `__` or dashes, then a tag (`[\w][\w.-]{0,127}`) or a sha256 digest (the grammar of
 * distribution/reference).
 */
export const IMAGE_REFERENCE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$/;

/** Validates a Kubernetes label or taint key (`[prefix/]name`); returns the reason it is invalid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) return `has prefix ${q(prefix)}, which is not a DNS subdomain (lower-case, like 'example.com')`;
  if (!LABEL_NAME.test(name)) return 'is not a valid label name: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric';
  return undefined;
}

export function validateSettings(c: Collector, path: string, s: MachineSettings): void {
  (s.nameservers ?? []).forEach((ns, i) => c.ip(`${path}.nameservers[${i}]`, ns, '1.1.1.1'));
  (s.extensions ?? []).forEach((e, i) => {
    if (!c.unresolved(e) && !EXTENSION.test(e)) {
      c.add(`${path}.extensions[${i}]`, `${q(e)} is not an official extension name: write it with its namespace, like 'siderolabs/${e.replace(/^.*\//, '') || 'qemu-guest-agent'}'`);
    }
  });
  (s.extraKernelArgs ?? []).forEach((a, i) => {
    if (/\s/.test(a) || a === '') c.add(`${path}.extraKernelArgs[${i}]`, `${q(a)} is not one kernel argument: give each argument as its own entry, without spaces`);
  });
  for (const [host, mirror] of Object.entries(s.registryMirrors ?? {})) {
    const mp = `${path}.registryMirrors['${host}']`;
    const hostPort = /^[A-Za-z0-9.-]+(?::(\d{1,5}))?$/.exec(host);
    if (!hostPort && host !== '*') c.add(mp, `${q(host)} is not a registry host: use the registry's host name, like 'docker.io' or 'ghcr.io'`);
    else if (hostPort?.[1] !== undefined && (Number(hostPort[1]) < 1 || Number(hostPort[1]) > 65535)) {
      c.add(mp, `${q(host)} has port ${hostPort[1]}, outside 1 to 65535: use the registry's host and port, like 'registry.lan:5000'`);
    }
    if (mirror.endpoints.length === 0) c.add(`${mp}.endpoints`, 'is empty: list at least one mirror URL, like \'http://10.0.20.10:5000\'');
    mirror.endpoints.forEach((e, i) => {
      if (c.unresolved(e)) return;
      const parsed = parseHttpUrl(e);
      if ('problem' in parsed) c.add(`${mp}.endpoints[${i}]`, `${q(e)} ${parsed.problem === 'is not a URL' || parsed.problem.startsWith('is not an') ? 'is not an http(s) URL' : `is not a mirror URL: it ${parsed.problem}`}: write it like 'http://10.0.20.10:5000'`);
    });
  }
  for (const [name, value] of Object.entries(s.sysctls ?? {})) {
    const sp = `${path}.sysctls['${name}']`;
    if (!SYSCTL_NAME.test(name)) c.add(sp, `${q(name)} is not a sysctl name: use the dotted form, like 'net.ipv4.ip_forward'`);
    // The kernel reads a sysctl as text; a number is written with String(), so NaN, Infinity and fractions (or
    // exponents, 1e21) reach it as words it rejects.
    if (typeof value === 'number' && !c.unresolved(value) && (!Number.isSafeInteger(value))) {
      c.add(sp, `${q(value)} is not a whole number the kernel takes: give an integer, or the exact text as a string, like '1'`);
    }
  }
  (s.kernelModules ?? []).forEach((entry, i) => {
    const m = kernelModule(entry);
    if (!KERNEL_MODULE.test(m.name)) c.add(`${path}.kernelModules[${i}]`, `${q(m.name)} is not a kernel module name: like 'nvidia_uvm' (no path, no .ko)`);
  });
  for (const [key, value] of Object.entries(s.nodeLabels ?? {})) {
    const lp = `${path}.nodeLabels['${key}']`;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) c.add(lp, `key ${q(key)} ${keyProblem}`);
    if (value === null) {
      const defaults = [...DEFAULT_NODE_LABELS.controlplane, ...DEFAULT_NODE_LABELS.worker];
      if (!defaults.includes(key)) c.add(lp, `is null, but Talos does not set ${q(key)} by default: null only removes Talos' default labels (${defaults.join(', ')}); drop the entry`);
    } else if (!c.unresolved(value) && !LABEL_VALUE.test(value)) {
      c.add(lp, `value ${q(value)} is not a valid label value: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric`);
    }
  }
  validateTaints(c, `${path}.nodeTaints`, s.nodeTaints);
  validateTaints(c, `${path}.registerWithTaints`, s.registerWithTaints);
  if (s.registerWithTaints !== undefined && s.kubelet?.extraConfig?.registerWithTaints !== undefined) {
    c.add(`${path}.kubelet.extraConfig.registerWithTaints`, 'is set next to registerWithTaints: declare registration taints once, with registerWithTaints');
  }
  if (s.containerd?.discardUnpackedLayers !== undefined && typeof s.containerd.discardUnpackedLayers !== 'boolean') {
    c.add(`${path}.containerd.discardUnpackedLayers`, `${q(s.containerd.discardUnpackedLayers)} is not true or false`);
  }
  if (s.installDisk) {
    const dp = `${path}.installDisk`;
    const d = s.installDisk;
    if (d.devicePath !== undefined && !c.unresolved(d.devicePath) && !/^\/dev\/[A-Za-z0-9/_.:-]+$/.test(d.devicePath)) {
      c.add(dp, `${q(d.devicePath)} is not a device path: write it like '/dev/vda' (VirtIO), '/dev/sda' (SCSI/SATA) or '/dev/nvme0n1'`);
    }
    if (d.diskSelector) {
      if (Object.keys(d.diskSelector).length === 0) c.add(dp, 'has an empty selector: set at least one field, like { type: \'nvme\' }');
      if (d.diskSelector.size !== undefined && !parseDiskSize(d.diskSelector.size)) {
        c.add(`${dp}.size`, `${q(d.diskSelector.size)} is not a disk size: write it like '>= 100GB' or '<= 2TB'`);
      }
    }
  }
  if (s.installerImage !== undefined && !c.unresolved(s.installerImage) && !IMAGE_REFERENCE.test(s.installerImage)) {
    c.add(`${path}.installerImage`, `${q(s.installerImage)} is not a pinned image reference: write it like 'factory.talos.dev/installer/<schematic>:v1.13.9'`);
  }
  (s.extraDocuments ?? []).forEach((doc, i) => {
    if (typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string') {
      c.add(`${path}.extraDocuments[${i}]`, 'has no apiVersion and kind: extra documents are typed Talos documents (e.g. { apiVersion: \'v1alpha1\', kind: \'TimeSyncConfig\', ... }); put v1alpha1 fragments in patches');
    } else if (kindIntroducedIn(doc.kind) === undefined) {
      c.add(`${path}.extraDocuments[${i}].kind`, `${q(doc.kind)} is not a Talos config document kind known to Talos ${CONFIG_CONTRACTS.join(', ')}: check the spelling`);
    }
  });
  (s.patches ?? []).forEach((patch, i) => {
    if (typeof patch !== 'string') return;
    try {
      const parsed: unknown = parseYaml(patch);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) c.add(`${path}.patches[${i}]`, 'is not a YAML mapping: a strategic-merge patch looks like a partial machine config (machine: ...)');
    } catch (err) {
      c.add(`${path}.patches[${i}]`, `is not valid YAML (${(err as Error).message.split('\n')[0]}): fix the patch text`);
    }
  });
  const kubelet = s.kubelet;
  // Talos takes '!' before a subnet to exclude it (machine.kubelet.nodeIP.validSubnets, cluster.etcd.advertisedSubnets).
  (kubelet?.nodeIpSubnets ?? []).forEach((subnet, i) => c.cidr(`${path}.kubelet.nodeIpSubnets[${i}]`, stripNegation(subnet), '10.0.20.0/24'));
  validateKubeletDurations(c, `${path}.kubelet.extraConfig`, kubelet?.extraConfig);
}

/**
 * A Go duration as Kubernetes parses it (`time.ParseDuration` behind `metav1.Duration`): a sequence of decimal numbers
 * each with a unit (ns, us, µs, ms, s, m, h), optionally signed, or a bare `0`.
 */
export const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/**
 * The KubeletConfiguration fields that are durations (`metav1.Duration`), by path under `extraConfig`
 * (k8s.io/kubelet config/v1beta1/types.go, v0.36: the kubelet refuses to start on a number or a unitless string
 * there, and Talos only finds out when the kubelet does not come up).
 */
export const KUBELET_DURATION_FIELDS: readonly string[] = [
  'syncFrequency', 'fileCheckFrequency', 'httpCheckFrequency', 'streamingConnectionIdleTimeout', 'nodeStatusUpdateFrequency',
  'nodeStatusReportFrequency', 'imageMinimumGCAge', 'imageMaximumGCAge', 'volumeStatsAggPeriod', 'cpuManagerReconcilePeriod',
  'runtimeRequestTimeout', 'cpuCFSQuotaPeriod', 'evictionPressureTransitionPeriod', 'containerLogMonitorInterval',
  'shutdownGracePeriod', 'shutdownGracePeriodCriticalPods', 'authentication.webhook.cacheTTL',
  'authorization.webhook.cacheAuthorizedTTL', 'authorization.webhook.cacheUnauthorizedTTL',
  'crashLoopBackOff.maxContainerRestartPeriod',
];

/**
 * API-server flags that take a duration (k8s.io/apiserver pkg/server/options/server_run_options.go `fs.DurationVar`:
 * request-timeout, livez-grace-period, shutdown-delay-duration, shutdown-watch-termination-grace-period,
 * storage-initialization-timeout; kube-apiserver's event-ttl). `min-request-timeout` is a number of seconds instead.
 */
export const APISERVER_DURATION_FLAGS: readonly string[] = [
  'request-timeout', 'livez-grace-period', 'shutdown-delay-duration', 'shutdown-watch-termination-grace-period',
  'storage-initialization-timeout', 'event-ttl',
];

function durationProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && GO_DURATION.test(value)) return undefined;
  if (typeof value === 'number' || (typeof value === 'string' && /^[-+]?\d+(\.\d+)?$/.test(value.trim()))) {
    return `${q(value)} has no unit: a duration is written with one, like '${typeof value === 'number' ? value : value.trim()}s' or '5m'`;
  }
  return `${q(value)} is not a duration: write it like '30s', '5m' or '1h30m' (units ns, us, ms, s, m, h)`;
}

/** The duration fields of the kubelet's `extraConfig`, and the durations of `evictionSoftGracePeriod`. */
export function validateKubeletDurations(c: Collector, path: string, extraConfig: Record<string, unknown> | undefined): void {
  if (!extraConfig) return;
  for (const field of KUBELET_DURATION_FIELDS) {
    let value: unknown = extraConfig;
    for (const key of field.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || c.unresolved(value)) continue;
    const problem = durationProblem(value);
    if (problem) c.add(`${path}.${field}`, problem);
  }
  const grace = extraConfig.evictionSoftGracePeriod;
  if (grace !== null && typeof grace === 'object') {
    for (const [signal, value] of Object.entries(grace)) {
      const problem = c.unresolved(value) ? undefined : durationProblem(value);
      if (problem) c.add(`${path}.evictionSoftGracePeriod['${signal}']`, problem);
    }
  }
}

/**
 * Extensions that do not exist for the node's Talos minor: the Image Factory refuses a schematic with them, at apply.
 * Each is reported at the level that declared it (a GPU node's preset included), once per level and minor.
 */
export function validateExtensions(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, minor: ConfigContract, reported: Set<string>): void {
  for (const [path, level] of settingLevels(decl, node)) {
    (level.extensions ?? []).forEach((e, i) => {
      if (typeof e !== 'string' || c.unresolved(e) || !EXTENSION.test(e)) return;
      const key = `${path}.extensions[${i}]@${minor}`;
      if (reported.has(key)) return;
      reported.add(key);
      const problem = extensionProblem(e, minor);
      if (problem) c.add(`${path}.extensions[${i}]`, `${q(e)} ${problem}${path === node.path ? '' : ` (node '${node.hostname}' runs Talos ${minor})`}`);
    });
  }
}

/**
 * A `null` label removes a label Talos sets by default; where the role never carries it (workers do not get the
 * control planes' labels), the deletion is dropped when rendering (see DEFAULT_NODE_LABELS): a setting given and
 * ignored.
 */
export function validateLabelDeletions(c: Collector, decl: ClusterDeclaration): void {
  const levels: Array<[string, MachineSettings, 'controlplane' | 'worker']> = [
    ['controlPlane', decl.controlPlane, 'controlplane'], ['worker', decl.worker, 'worker'],
    ...decl.nodes.map((n): [string, MachineSettings, 'controlplane' | 'worker'] => [n.path, n.settings, n.role]),
  ];
  const all = [...DEFAULT_NODE_LABELS.controlplane, ...DEFAULT_NODE_LABELS.worker];
  for (const [path, level, role] of levels) {
    for (const [key, value] of Object.entries(level.nodeLabels ?? {})) {
      if (value !== null || !all.includes(key) || DEFAULT_NODE_LABELS[role].includes(key)) continue;
      const other = role === 'worker' ? 'control planes' : 'workers';
      c.add(`${path}.nodeLabels['${key}']`, `is null, but Talos sets ${q(key)} on ${other} only, so ${role === 'worker' ? 'a worker' : 'a control plane'} has nothing to remove and the entry is ignored: drop it${role === 'worker' ? ', or move it to controlPlane or nodeDefaults' : ''}`);
    }
  }
}

/**
 * An explicit installer image decides what the installed system carries: the node's extensions, kernel arguments and
 * board overlay reach it only through the installer of the node's Image Factory schematic (the boot media carry them
 * until the install, then the installer's image is what runs). The stock installer carries none of them, and a
 * factory installer of another schematic carries other ones: both would silently drop the node's image.
 */
export function validateInstallerImage(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration): void {
  const explicit = settingLevels(decl, node).reverse().find(([, level]) => level.installerImage !== undefined);
  if (!explicit) return;
  const [at, level] = explicit;
  const image = level.installerImage!;
  if (c.unresolved(image)) return;
  const spec = nodeImage(decl, node);
  const needs = [...spec.extensions, ...spec.extraKernelArgs.map((a) => `kernel argument ${a}`), ...(spec.board ? [`the ${spec.board.overlayName} overlay`] : [])];
  if (needs.length === 0) return;
  const factory = /^[^/]+\/(?:[a-z0-9-]+-)?installer\/([0-9a-f]{64}):/.exec(image);
  const id = schematicId(spec);
  if (!factory) {
    c.add(`${at}.installerImage`, `${q(image)} is not an Image Factory installer, so node '${node.hostname}' would be installed without ${needs.join(', ')}: remove installerImage (the node gets the installer of its own schematic)`);
  } else if (id !== undefined && factory[1] !== id) {
    c.add(`${at}.installerImage`, `${q(image)} is the installer of another schematic than node '${node.hostname}''s (${id.slice(0, 12)}..., with ${needs.join(', ')}), so the installed system would not carry them: remove installerImage (the node gets the installer of its own schematic)`);
  }
}

/** A subnet selector without Talos' leading '!' (exclusion). */
export function stripNegation(subnet: string): string {
  return typeof subnet === 'string' && subnet.startsWith('!') ? subnet.slice(1) : subnet;
}

/** True when a Talos subnet selector list (with '!' exclusions) picks the address. */
export function subnetsPick(selectors: readonly string[], ip: Ip): boolean {
  const parsed = selectors.map((s) => ({ not: s.startsWith('!'), cidr: parseCidr(stripNegation(s)) }));
  if (parsed.some((p) => p.not && p.cidr !== undefined && cidrContains(p.cidr, ip))) return false;
  return parsed.some((p) => !p.not && p.cidr !== undefined && cidrContains(p.cidr, ip));
}

/**
 * Subnet selectors that pick none of a node's addresses: etcd (control planes) and the kubelet would find no address to
 * use and not start (talos internal/app/machined/pkg/controllers/etcd/spec.go and k8s/nodeip.go at v1.13.9 filter
 * the node's addresses by them). Nodes whose address comes from DHCP are left alone: their addresses are not known.
 */
export function validateSubnetSelectors(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration): void {
  const sources = node.links.flatMap((l) => [l, ...(l.vlans ?? [])]);
  if (sources.some((l) => l.dhcp === true)) return;
  const ips = sources.flatMap((l) => (l.addresses ?? []).map(parseCidr)).filter((x): x is Cidr => x !== undefined).map((x) => x.ip);
  if (ips.length === 0) return;
  const shown = ips.map((ip) => ip.text).join(', ');
  const etcd = decl.kubernetes.etcdAdvertisedSubnets;
  if (node.role === 'controlplane' && etcd !== undefined && etcd.length > 0 && etcd.every((x) => typeof x === 'string' && !c.unresolved(x) && parseCidr(stripNegation(x)))
    && !ips.some((ip) => subnetsPick(etcd, ip))) {
    c.add('kubernetes.etcdAdvertisedSubnets', `picks none of control plane '${node.hostname}''s addresses (${shown}), so etcd would find no address to advertise and not start: include the control planes' subnet, like '${networkText(parseCidr(`${ips[0].text}/${ips[0].kind === 'ipv4' ? 24 : 64}`)!)}'`);
  }
  const level = settingLevels(decl, node).reverse().find(([, l]) => l.kubelet?.nodeIpSubnets !== undefined);
  const kubelet = level?.[1].kubelet?.nodeIpSubnets;
  if (level && kubelet && kubelet.length > 0 && kubelet.every((x) => typeof x === 'string' && !c.unresolved(x) && parseCidr(stripNegation(x)))
    && !ips.some((ip) => subnetsPick(kubelet, ip))) {
    c.add(`${level[0]}.kubelet.nodeIpSubnets`, `picks none of node '${node.hostname}''s addresses (${shown}), so the kubelet would find no node IP and not register: include the subnet of the node's own address`);
  }
}

/** Problems of taints in Talos' `value:Effect` form, keyed by taint key (e.g. for the platform's node taints). */
export function taintProblems(path: string, taints: Record<string, string>, options: ValidateOptions = {}): Problem[] {
  const c = new Collector(options.isUnresolved ?? defaultTokenCheck);
  validateTaints(c, path, taints);
  return c.problems;
}

/** Problems of Kubernetes labels (keys and values), e.g. for the platform's node labels. */
export function labelProblems(path: string, labels: Record<string, string>, options: ValidateOptions = {}): Problem[] {
  const c = new Collector(options.isUnresolved ?? defaultTokenCheck);
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) c.add(`${path}['${key}']`, `key ${q(key)} ${keyProblem}`);
    if (!c.unresolved(value) && (typeof value !== 'string' || !LABEL_VALUE.test(value))) {
      c.add(`${path}['${key}']`, `value ${q(value)} is not a valid label value: at most 63 characters, alphanumerics, -, _ and ., starting and ending alphanumeric`);
    }
  }
  return c.problems;
}

/** Taints in Talos' `value:Effect` form, keyed by taint key. */
export function validateTaints(c: Collector, path: string, taints: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(taints ?? {})) {
    const tp = `${path}['${key}']`;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) c.add(tp, `key ${q(key)} ${keyProblem}`);
    if (c.unresolved(value)) continue;
    const colon = value.lastIndexOf(':');
    const effect = colon >= 0 ? value.slice(colon + 1) : value;
    const taintValue = colon >= 0 ? value.slice(0, colon) : '';
    if (!TAINT_EFFECTS.includes(effect)) {
      c.add(tp, `${q(value)} has no valid effect: write 'value:Effect' or ':Effect' with Effect one of ${TAINT_EFFECTS.join(', ')}, like 'true:NoSchedule'`);
    } else if (!LABEL_VALUE.test(taintValue)) {
      c.add(tp, `value ${q(taintValue)} is not a valid taint value: at most 63 characters, alphanumerics, -, _ and .`);
    }
  }
}

export function validateKubernetes(c: Collector, k: KubernetesSettings): void {
  (k.podSubnets ?? []).forEach((s, i) => c.cidr(`kubernetes.podSubnets[${i}]`, s, '10.244.0.0/16'));
  (k.serviceSubnets ?? []).forEach((s, i) => c.cidr(`kubernetes.serviceSubnets[${i}]`, s, '10.96.0.0/12'));
  (k.etcdAdvertisedSubnets ?? []).forEach((s, i) => c.cidr(`kubernetes.etcdAdvertisedSubnets[${i}]`, stripNegation(s), '192.168.5.0/24'));
  // Talos' defaults take part when only one side is declared.
  const podSubnets = k.podSubnets ?? ['10.244.0.0/16'];
  const serviceSubnets = k.serviceSubnets ?? ['10.96.0.0/12'];
  podSubnets.map(parseCidr).forEach((pc, i) => serviceSubnets.map(parseCidr).forEach((sc, j) => {
    if (pc && sc && pc.ip.kind === sc.ip.kind && pc.first <= sc.last && sc.first <= pc.last) {
      c.add(`kubernetes.serviceSubnets[${j}]`, `${q(serviceSubnets[j])}${k.serviceSubnets ? '' : ' (the default)'} overlaps kubernetes.podSubnets[${i}] ${q(podSubnets[i])}${k.podSubnets ? '' : ' (the default)'}: pod and service networks must be disjoint`);
    }
  }));
  if (k.cni !== undefined && k.cni !== 'flannel' && k.cni !== 'none') c.add('kubernetes.cni', `${q(k.cni)} is not a CNI Talos installs: use 'flannel' or 'none'`);
  const api = k.apiServer;
  if (!api) return;
  for (const arg of Object.keys(api.extraArgs ?? {})) {
    const ap = `kubernetes.apiServer.extraArgs['${arg}']`;
    if (arg.startsWith('-')) c.add(ap, `${q(arg)} starts with a dash: write flags without the leading dashes, like 'audit-log-maxage'`);
    else if (TALOS_OWNED_APISERVER_ARGS.includes(arg)) c.add(ap, `${q(arg)} is set by Talos and cannot be overridden (the API server would fail to start): remove it`);
    else if (arg.startsWith('oidc-')) c.add(ap, `${q(arg)} configures OIDC by flag: use kubernetes.apiServer.oidc, which Talos 1.14 renders as structured authentication`);
    else if (['audit-log-maxage', 'audit-log-maxbackup', 'audit-log-maxsize'].includes(arg)) c.add(ap, `${q(arg)} sets audit retention by flag: use kubernetes.apiServer.audit (maxAgeDays, maxBackups, maxSizeMiB)`);
    else if (APISERVER_DURATION_FLAGS.includes(arg)) {
      const value = api.extraArgs![arg];
      const problem = c.unresolved(value) ? undefined : durationProblem(value);
      if (problem) c.add(ap, problem);
    }
  }
  if (api.oidc) {
    const o = api.oidc;
    // Kubernetes' structured authentication validation (k8s.io/apiserver pkg/apis/apiserver/validation, issuer URL):
    // https only, without credentials, query or fragment.
    const issuer = c.unresolved(o.issuerUrl) ? undefined : parseHttpUrl(o.issuerUrl, ['https']);
    if (issuer && 'problem' in issuer) {
      const why = issuer.problem === 'is not a URL' || issuer.problem.startsWith('is not an') ? 'is not an https URL' : `is not a valid issuer: it ${issuer.problem}`;
      c.add('kubernetes.apiServer.oidc.issuerUrl', `${q(o.issuerUrl)} ${why}: the API server only accepts https issuers, like 'https://auth.example.com/application/o/kubernetes/'`);
    }
    if (!c.unresolved(o.clientId) && o.clientId.trim() === '') c.add('kubernetes.apiServer.oidc.clientId', 'is empty: set the client id your identity provider issued, like \'kubernetes\'');
  }
  const a = api.audit;
  if (a) {
    for (const [field, value] of [['maxAgeDays', a.maxAgeDays], ['maxBackups', a.maxBackups], ['maxSizeMiB', a.maxSizeMiB]] as const) {
      if (value !== undefined && !c.unresolved(value) && (!Number.isInteger(value) || value < 0)) {
        c.add(`kubernetes.apiServer.audit.${field}`, `${q(value)} is not a non-negative integer`);
      }
    }
    if (a.policy !== undefined && (a.policy.kind !== 'Policy' || typeof a.policy.apiVersion !== 'string' || a.policy.apiVersion !== 'audit.k8s.io/v1')) {
      c.add('kubernetes.apiServer.audit.policy', `has apiVersion ${q(a.policy.apiVersion)} and kind ${q(a.policy.kind)}: an audit policy is { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [...] }`);
    }
  }
}

/**
 * Labels a kubelet may set on its own Node. Kubernetes' NodeRestriction admission (always on in Talos) rejects a node
 * that modifies any other label in the `kubernetes.io` or `k8s.io` namespaces (or their subdomains), or any label in
 * `node-restriction.kubernetes.io` (kubernetes `plugin/pkg/admission/noderestriction/admission.go`,
 * `getForbiddenLabels`, and `k8s.io/kubelet/pkg/apis/well_known_labels.go`, `kubeletLabels` and
 * `kubeletLabelNamespaces`, at v1.36).
 */
export const KUBELET_SETTABLE_LABELS: readonly string[] = [
  'kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os', 'beta.kubernetes.io/arch', 'beta.kubernetes.io/os',
  'beta.kubernetes.io/instance-type', 'node.kubernetes.io/instance-type', 'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
];

/** Label namespaces (and their subdomains) a kubelet may set on its own Node. */
export const KUBELET_SETTABLE_NAMESPACES: readonly string[] = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

export function inNamespace(namespace: string, ns: string): boolean {
  return namespace === ns || namespace.endsWith(`.${ns}`);
}

/** True when NodeRestriction rejects a node that sets this label on itself. */
export function nodeMayNotSetLabel(key: string): boolean {
  const slash = key.indexOf('/');
  const namespace = slash >= 0 ? key.slice(0, slash) : '';
  if (inNamespace(namespace, 'node-restriction.kubernetes.io')) return true;
  if (!inNamespace(namespace, 'kubernetes.io') && !inNamespace(namespace, 'k8s.io')) return false;
  return !KUBELET_SETTABLE_LABELS.includes(key) && !KUBELET_SETTABLE_NAMESPACES.some((ns) => inNamespace(namespace, ns));
}

/**
 * A worker applies its `nodeLabels` and `nodeTaints` in one Node update with its kubelet's identity (talos
 * `internal/app/machined/pkg/controllers/k8s/node_apply.go` at v1.13.9: control planes use an admin client, workers
 * the kubelet kubeconfig). NodeRestriction rejects a node that changes its own taints or sets a forbidden label, and
 * with it the whole update: none of the node's labels arrive either. So workers get taints at registration, and
 * labels they may set.
 */
export function validateNodeRestriction(c: Collector, decl: ClusterDeclaration): void {
  const workers = decl.nodes.filter((n) => n.role === 'worker');
  if (workers.length === 0) return;
  const reported = new Set<string>();
  for (const node of workers) {
    for (const [path, level] of settingLevels(decl, node)) {
      const scope = path === node.path ? `worker '${node.hostname}'` : `the workers (${workers.map((w) => w.hostname).join(', ')})`;
      for (const key of Object.keys(level.nodeTaints ?? {})) {
        const at = `${path}.nodeTaints['${key}']`;
        if (reported.has(at)) continue;
        reported.add(at);
        const alsoCp = path === 'nodeDefaults' ? '; keep control-plane taints under controlPlane.nodeTaints' : '';
        c.add(at, `would make ${scope} taint itself, which Kubernetes' NodeRestriction admission rejects, and with it every label of the node: use registerWithTaints (applied when the node registers), and the platform's addNodeTaints() to change it on a running node${alsoCp}`);
      }
      for (const [key, value] of Object.entries(level.nodeLabels ?? {})) {
        const at = `${path}.nodeLabels['${key}']`;
        if (value === null || reported.has(at) || !nodeMayNotSetLabel(key)) continue;
        reported.add(at);
        c.add(at, `cannot be set by ${scope} on itself: Kubernetes' NodeRestriction admission only lets a node set kubernetes.io and k8s.io labels under ${KUBELET_SETTABLE_NAMESPACES.map((n) => `${n}/`).join(' and ')} or from a short list (kubernetes.io/hostname, topology.kubernetes.io/zone, ...), and rejects every label of the node with it: use a key of your own, like 'example.com/role', or set it with the platform's addNodeLabels()`);
      }
    }
  }
}
