/**
 * Renders a resolved node into strategic-merge patch documents for its config contract.
 *
 * - contract 1.11: everything in the v1alpha1 document (`machine.network.interfaces`, `machine.registries`, ...);
 * - contracts 1.12 and 1.13: network and registries in their own documents (`LinkConfig`, `Layer2VIPConfig`,
 *   `HostnameConfig`, `ResolverConfig`, `RegistryMirrorConfig`, ...), the rest in v1alpha1;
 * - contract 1.14: also sysctls, kernel modules, kubelet, node labels and taints, API server, authentication,
 *   audit policy, CNI, kube-proxy, Talos API access and installation in their own documents.
 *
 * The output is deterministic: documents come in a fixed order and maps are sorted by key.
 */
import { stringify } from 'yaml';
import { Memo } from './memo';
import { kernelModule, NodeRole, ResolvedNode } from './model';
import { ApiServerSettings, DEFAULT_NODE_LABELS, InstallDisk, NetworkLink, OidcSettings, parseDiskSize, Route, Vlan } from './settings';
import { etcdBackupAccessOf, renderTalosApiAccess } from './talos-api-access';
import { atLeast } from './versions';

/** One Talos config document (a v1alpha1 fragment or a typed document with `apiVersion` and `kind`). */
export type TalosDocument = Record<string, unknown>;

/** What the renderer produces for one node. */
export interface RenderedNodeConfig {
  /** The library's documents followed by the user's extra documents, in order. */
  readonly documents: TalosDocument[];
  /** Every patch as YAML text, in the order the provider applies them (documents, then raw patches). */
  readonly patches: string[];
}

/** The strategic-merge directive that deletes a map key or a document. */
export const DELETE = Object.freeze({ $patch: 'delete' });

const DEFAULT_ROUTE_V4 = '0.0.0.0/0';

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

function isEmpty(record: Record<string, unknown>): boolean {
  return Object.keys(record).length === 0;
}

/** Removes undefined values so documents carry no empty keys. */
function compact<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

function typed(kind: string, body: Record<string, unknown>): TalosDocument {
  return { apiVersion: 'v1alpha1', kind, ...compact(body) };
}

/**
 * Serializes one patch document to YAML. Most of a cluster's documents are the same on every node (mirrors,
 * resolvers, the cluster's settings), and emitting YAML is the costliest step of rendering a node, so the text of
 * each document is kept by its content: the JSON of a document holding only strings, booleans, finite numbers, null,
 * arrays and plain objects identifies its YAML exactly. Any other value (NaN, -0, a Date, a class instance), which
 * JSON would write like another one, is emitted afresh every time.
 */
export function toYaml(doc: unknown): string {
  const key = contentKey(doc);
  return key === undefined ? emitYaml(doc) : yamlByContent.get(key, () => emitYaml(doc));
}

const yamlByContent = new Memo<string>();

function emitYaml(doc: unknown): string {
  return stringify(doc, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** The document's JSON when it identifies the document's YAML, else undefined. */
function contentKey(doc: unknown): string | undefined {
  let faithful = true;
  const key = JSON.stringify(doc, function (this: unknown, name: string, value: unknown): unknown {
    // A value JSON wrote through its toJSON (a Date, or any object having one) is not what YAML would write.
    if ((this as Record<string, unknown>)[name] !== value) faithful = false;
    else if (typeof value === 'number') {
      if (!Number.isFinite(value) || Object.is(value, -0)) faithful = false;
    } else if (typeof value === 'object' && value !== null) {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) faithful = false;
    } else if (typeof value !== 'string' && typeof value !== 'boolean' && value !== null && value !== undefined) {
      faithful = false;
    }
    return faithful ? value : null;
  });
  return faithful && typeof key === 'string' ? key : undefined;
}

/** Nests a value under a dotted path in a v1alpha1 fragment. */
function put(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (value === undefined) return;
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Merges a v1alpha1 fragment into another, key by key (objects only; a fragment's scalars and lists win). */
function mergeInto(target: Record<string, unknown>, fragment: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fragment)) {
    const current = target[key];
    const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObject(current) && isObject(value)) mergeInto(current, value);
    else target[key] = value;
  }
}

/** The links' effective routes: explicit routes plus the `gateway` shorthand as a default route. */
function effectiveRoutes(link: { gateway?: string; routes?: Route[] }): Route[] {
  const routes = [...(link.routes ?? [])];
  if (link.gateway !== undefined) {
    routes.unshift({ network: link.gateway.includes(':') ? '::/0' : DEFAULT_ROUTE_V4, gateway: link.gateway });
  }
  return routes;
}

/** The name a link gets in the typed network documents: its interface, or an alias for MAC-selected links. */
export function linkName(link: NetworkLink, index: number): string {
  return link.interface ?? `net${index}`;
}


function labelsWithDeletes(labels: Record<string, string | null>, role: NodeRole): Record<string, unknown> | undefined {
  const entries = Object.entries(labels)
    .filter(([k, v]) => v !== null || DEFAULT_NODE_LABELS[role].includes(k))
    .map(([k, v]) => [k, v === null ? { ...DELETE } : v]);
  return entries.length > 0 ? sortedRecord(Object.fromEntries(entries)) : undefined;
}

/** The v1alpha1 fragment and the typed documents for one node. */
export function renderNode(node: ResolvedNode): RenderedNodeConfig {
  const v1alpha1: Record<string, unknown> = {};
  const docs: TalosDocument[] = [];
  const c = node.contract;
  const s = node.settings;
  const cp = node.role === 'controlplane';

  // --- network: hostname, nameservers, links, VLANs, VIP --------------------------------------------------
  if (!atLeast(c, '1.12')) {
    put(v1alpha1, ['machine', 'network', 'hostname'], node.hostname);
    if (node.links.length > 0) put(v1alpha1, ['machine', 'network', 'interfaces'], node.links.map((l, i) => legacyInterface(node, l, i)));
    if (s.nameservers) put(v1alpha1, ['machine', 'network', 'nameservers'], [...s.nameservers]);
  } else {
    docs.push(typed('HostnameConfig', { auto: 'off', hostname: node.hostname }));
    if (s.nameservers) docs.push(typed('ResolverConfig', { nameservers: s.nameservers.map((address) => ({ address })) }));
    docs.push(...linkDocuments(node));
  }

  // --- registry mirrors -------------------------------------------------------------------------------------
  if (s.registryMirrors && !isEmpty(s.registryMirrors)) {
    const mirrors = sortedRecord(s.registryMirrors);
    if (!atLeast(c, '1.12')) {
      put(v1alpha1, ['machine', 'registries', 'mirrors'], Object.fromEntries(Object.entries(mirrors).map(([host, m]) => [host, compact({
        endpoints: [...m.endpoints],
        overridePath: m.overridePath,
        skipFallback: m.skipFallback,
      })])));
    } else {
      for (const [host, m] of Object.entries(mirrors)) {
        docs.push(typed('RegistryMirrorConfig', {
          name: host,
          endpoints: m.endpoints.map((url) => compact({ url, overridePath: m.overridePath })),
          skipFallback: m.skipFallback,
        }));
      }
    }
  }

  // --- sysctls, kernel modules, kubelet ----------------------------------------------------------------------
  const sysctls = s.sysctls && !isEmpty(s.sysctls)
    ? sortedRecord(Object.fromEntries(Object.entries(s.sysctls).map(([k, v]) => [k, String(v)]))) : undefined;
  const modules = (s.kernelModules ?? []).map(kernelModule).map((m) => compact({ name: m.name, parameters: m.parameters ? [...m.parameters] : undefined }));
  const kubelet = s.kubelet;
  // Worker taints go to the kubelet's registration taints: a worker may not change its own taints afterwards
  // (Kubernetes' NodeRestriction admission; talos internal/app/machined/pkg/controllers/k8s/node_apply.go at v1.13.9
  // updates labels and taints of a worker with the kubelet's own identity).
  const registration = s.registerWithTaints && !isEmpty(s.registerWithTaints)
    ? Object.keys(s.registerWithTaints).sort().map((key) => taintObject(key, s.registerWithTaints![key])) : undefined;
  const extraConfig = registration ? { ...(kubelet?.extraConfig ?? {}), registerWithTaints: registration } : kubelet?.extraConfig;
  const kubeletConfig = extraConfig && !isEmpty(extraConfig) ? sortedRecord(extraConfig) : undefined;
  const kubeletArgs = kubelet?.extraArgs && !isEmpty(kubelet.extraArgs) ? sortedRecord(kubelet.extraArgs) : undefined;
  const nodeIp = kubelet?.nodeIpSubnets ? { validSubnets: [...kubelet.nodeIpSubnets] } : undefined;
  const labels = s.nodeLabels ? labelsWithDeletes(s.nodeLabels, node.role) : undefined;
  const taints = s.nodeTaints && !isEmpty(s.nodeTaints) ? sortedRecord(s.nodeTaints) : undefined;

  if (!atLeast(c, '1.14')) {
    put(v1alpha1, ['machine', 'sysctls'], sysctls);
    if (modules.length > 0) put(v1alpha1, ['machine', 'kernel', 'modules'], modules);
    put(v1alpha1, ['machine', 'kubelet', 'extraArgs'], kubeletArgs);
    put(v1alpha1, ['machine', 'kubelet', 'extraConfig'], kubeletConfig);
    put(v1alpha1, ['machine', 'kubelet', 'nodeIP'], nodeIp);
    put(v1alpha1, ['machine', 'nodeLabels'], labels);
    put(v1alpha1, ['machine', 'nodeTaints'], taints);
  } else {
    if (sysctls) docs.push(typed('SysctlConfig', { params: sysctls }));
    for (const m of modules) docs.push(typed('KernelModuleConfig', m));
    if (kubeletConfig || kubeletArgs) {
      docs.push(typed('KubeletConfig', { image: `ghcr.io/siderolabs/kubelet:v${node.kubernetesVersion}`, config: kubeletConfig, extraArgs: kubeletArgs }));
    }
    const unschedulable = cp && node.kubernetes.allowSchedulingOnControlPlanes === true;
    const nodeTaints: Record<string, unknown> | undefined = unschedulable ? { ...(taints ?? {}), 'node-role.kubernetes.io/control-plane': { ...DELETE } } : taints;
    if (labels || nodeTaints || nodeIp) docs.push(typed('KubeNodeConfig', { nodeIP: nodeIp, labels, taints: nodeTaints ? sortedRecord(nodeTaints) : undefined }));
  }

  // --- containerd ---------------------------------------------------------------------------------------------
  if (s.containerd?.discardUnpackedLayers !== undefined) {
    const content = `[plugins."io.containerd.cri.v1.images"]\n  discard_unpacked_layers = ${String(s.containerd.discardUnpackedLayers)}\n`;
    if (!atLeast(c, '1.14')) {
      // The one machine file Talos merges into containerd's CRI configuration (Talos docs, "containerd").
      put(v1alpha1, ['machine', 'files'], [{ op: 'create', path: CRI_CUSTOMIZATION_FILE, content }]);
    } else {
      docs.push(typed('CRICustomizationConfig', { name: 'cdktf-talos-containerd', content }));
    }
  }

  // --- etcd ---------------------------------------------------------------------------------------------------
  if (cp && node.etcdAdvertisedSubnets) put(v1alpha1, ['cluster', 'etcd', 'advertisedSubnets'], [...node.etcdAdvertisedSubnets]);

  // --- cluster-wide Kubernetes settings ---------------------------------------------------------------------
  const k = node.kubernetes;
  const noCni = k.cni === 'none';
  const noProxy = k.kubeProxy === false;
  if (!atLeast(c, '1.14')) {
    if (cp && k.allowSchedulingOnControlPlanes !== undefined) put(v1alpha1, ['cluster', 'allowSchedulingOnControlPlanes'], k.allowSchedulingOnControlPlanes);
    if (noCni) put(v1alpha1, ['cluster', 'network', 'cni'], { name: 'none' });
    if (k.podSubnets) put(v1alpha1, ['cluster', 'network', 'podSubnets'], [...k.podSubnets]);
    if (k.serviceSubnets) put(v1alpha1, ['cluster', 'network', 'serviceSubnets'], [...k.serviceSubnets]);
    if (noProxy) put(v1alpha1, ['cluster', 'proxy', 'disabled'], true);
    if (k.coreDns === false) put(v1alpha1, ['cluster', 'coreDNS', 'disabled'], true);
    if (cp && k.apiServer) renderLegacyApiServer(v1alpha1, k.apiServer);
  } else {
    if (cp && k.apiServer) docs.push(...apiServerDocuments(node, k.apiServer));
    if (k.podSubnets || k.serviceSubnets) {
      docs.push(typed('KubeNetworkConfig', { podSubnets: [...(k.podSubnets ?? ['10.244.0.0/16'])], serviceSubnets: [...(k.serviceSubnets ?? ['10.96.0.0/12'])] }));
    }
    if (noProxy) docs.push(typed('KubeProxyConfig', { image: `registry.k8s.io/kube-proxy:v${node.kubernetesVersion}`, enabled: false }));
    if (noCni) docs.push({ apiVersion: 'v1alpha1', kind: 'KubeFlannelCNIConfig', ...DELETE });
    if (k.coreDns === false) docs.push(typed('KubeCoreDNSConfig', { enabled: false }));
  }

  // --- Talos API access from Kubernetes pods (etcd backups; control planes only, see talos-api-access.ts) ----
  const apiAccess = etcdBackupAccessOf(k);
  if (apiAccess) {
    const rendered = renderTalosApiAccess(apiAccess, c, node.role);
    if (rendered.v1alpha1) mergeInto(v1alpha1, rendered.v1alpha1);
    docs.push(...rendered.documents);
  }

  // --- installation -----------------------------------------------------------------------------------------
  if (s.installDisk || s.installerImage) {
    if (!atLeast(c, '1.14')) {
      put(v1alpha1, ['machine', 'install'], compact({
        disk: s.installDisk?.devicePath,
        diskSelector: s.installDisk?.diskSelector ? compact({ ...s.installDisk.diskSelector }) : undefined,
        image: s.installerImage,
      }));
    } else {
      docs.push(typed('UnattendedInstallConfig', {
        installer: s.installerImage ? { image: s.installerImage } : undefined,
        provisioning: s.installDisk ? { diskSelector: { match: installDiskCel(s.installDisk) } } : undefined,
      }));
    }
  }

  const documents = [...(isEmpty(v1alpha1) ? [] : [v1alpha1]), ...docs, ...(s.extraDocuments ?? []).map((d) => ({ ...d }))];
  const patches = [
    ...documents.map(toYaml),
    ...(s.patches ?? []).map((p) => (typeof p === 'string' ? p : toYaml(p))),
  ];
  return { documents, patches };
}

/** The machine file Talos merges into containerd's CRI configuration (up to 1.13; `CRICustomizationConfig` after). */
export const CRI_CUSTOMIZATION_FILE = '/etc/cri/conf.d/20-customization.part';

/** A taint in Talos' `value:Effect` form as a Kubernetes taint object. */
export function taintObject(key: string, valueEffect: string): { key: string; value?: string; effect: string } {
  const colon = valueEffect.lastIndexOf(':');
  const value = colon >= 0 ? valueEffect.slice(0, colon) : '';
  const effect = colon >= 0 ? valueEffect.slice(colon + 1) : valueEffect;
  return value === '' ? { key, effect } : { key, value, effect };
}

function legacyRoutes(routes: Route[]): Array<Record<string, unknown>> {
  return routes.map((r) => compact({ network: r.network, gateway: r.gateway, metric: r.metric }));
}

function legacyVlan(v: Vlan): Record<string, unknown> {
  return compact({
    vlanId: v.vlanId,
    addresses: v.addresses ? [...v.addresses] : undefined,
    routes: v.routes && v.routes.length > 0 ? legacyRoutes(v.routes) : undefined,
    mtu: v.mtu,
    dhcp: v.dhcp,
  });
}

function legacyInterface(node: ResolvedNode, link: NetworkLink, index: number): Record<string, unknown> {
  const routes = effectiveRoutes(link);
  return compact({
    interface: link.interface,
    deviceSelector: link.interface === undefined && link.macAddress !== undefined ? { hardwareAddr: link.macAddress.toLowerCase() } : undefined,
    addresses: link.addresses ? [...link.addresses] : undefined,
    routes: routes.length > 0 ? legacyRoutes(routes) : undefined,
    mtu: link.mtu,
    dhcp: link.dhcp,
    vlans: link.vlans && link.vlans.length > 0 ? link.vlans.map(legacyVlan) : undefined,
    vip: node.vip && node.vip.linkIndex === index ? { ip: node.vip.ip } : undefined,
  });
}

function routeConfigs(routes: Route[]): Array<Record<string, unknown>> {
  return routes.map((r) => compact({
    // A route without a destination is the default route.
    destination: r.network === DEFAULT_ROUTE_V4 || r.network === '::/0' ? undefined : r.network,
    gateway: r.gateway,
    metric: r.metric,
  }));
}

function addressConfigs(addresses: string[] | undefined): Array<{ address: string }> | undefined {
  return addresses && addresses.length > 0 ? addresses.map((address) => ({ address })) : undefined;
}

/** LinkAliasConfig (MAC-selected links), LinkConfig, VLANConfig, DHCPv4Config and Layer2VIPConfig documents. */
function linkDocuments(node: ResolvedNode): TalosDocument[] {
  const aliases: TalosDocument[] = [];
  const links: TalosDocument[] = [];
  const vlans: TalosDocument[] = [];
  const dhcp: TalosDocument[] = [];
  node.links.forEach((link, i) => {
    const name = linkName(link, i);
    if (link.interface === undefined && link.macAddress !== undefined) {
      aliases.push(typed('LinkAliasConfig', { name, selector: { match: `mac(link.permanent_addr) == "${link.macAddress.toLowerCase()}"` } }));
    }
    const routes = effectiveRoutes(link);
    links.push(typed('LinkConfig', {
      name,
      up: true,
      mtu: link.mtu,
      addresses: addressConfigs(link.addresses),
      routes: routes.length > 0 ? routeConfigs(routes) : undefined,
    }));
    if (link.dhcp) dhcp.push(typed('DHCPv4Config', { name }));
    for (const v of link.vlans ?? []) {
      const vname = `${name}.${v.vlanId}`;
      vlans.push(typed('VLANConfig', {
        name: vname,
        vlanID: v.vlanId,
        parent: name,
        up: true,
        mtu: v.mtu,
        addresses: addressConfigs(v.addresses),
        routes: v.routes && v.routes.length > 0 ? routeConfigs(v.routes) : undefined,
      }));
      if (v.dhcp) dhcp.push(typed('DHCPv4Config', { name: vname }));
    }
  });
  const vip = node.vip ? [typed('Layer2VIPConfig', { name: node.vip.ip, link: linkName(node.links[node.vip.linkIndex], node.vip.linkIndex) })] : [];
  return [...aliases, ...links, ...vlans, ...dhcp, ...vip];
}

/** The `oidc-*` API-server flags of the v1alpha1 config. */
function oidcArgs(oidc: OidcSettings): Record<string, string> {
  return compact({
    'oidc-issuer-url': oidc.issuerUrl,
    'oidc-client-id': oidc.clientId,
    'oidc-username-claim': oidc.usernameClaim,
    'oidc-username-prefix': oidc.usernamePrefix,
    'oidc-groups-claim': oidc.groupsClaim,
    'oidc-groups-prefix': oidc.groupsPrefix,
  }) as Record<string, string>;
}

function auditArgs(api: ApiServerSettings): Record<string, string> {
  const a = api.audit;
  if (!a) return {};
  return compact({
    'audit-log-maxage': a.maxAgeDays !== undefined ? String(a.maxAgeDays) : undefined,
    'audit-log-maxbackup': a.maxBackups !== undefined ? String(a.maxBackups) : undefined,
    'audit-log-maxsize': a.maxSizeMiB !== undefined ? String(a.maxSizeMiB) : undefined,
  }) as Record<string, string>;
}

function renderLegacyApiServer(v1alpha1: Record<string, unknown>, api: ApiServerSettings): void {
  const args = { ...(api.extraArgs ?? {}), ...auditArgs(api), ...(api.oidc ? oidcArgs(api.oidc) : {}) };
  if (!isEmpty(args)) put(v1alpha1, ['cluster', 'apiServer', 'extraArgs'], sortedRecord(args));
  if (api.certSans && api.certSans.length > 0) put(v1alpha1, ['cluster', 'apiServer', 'certSANs'], [...api.certSans]);
  if (api.audit?.policy) put(v1alpha1, ['cluster', 'apiServer', 'auditPolicy'], api.audit.policy);
}

/** Talos' default anonymous-auth rule, repeated because `KubeAuthenticationConfig.configuration` is replaced on merge. */
const DEFAULT_ANONYMOUS = { enabled: true, conditions: [{ path: '/livez' }, { path: '/readyz' }, { path: '/healthz' }] };

/**
 * The Kubernetes structured authentication configuration equivalent to the `oidc-*` flags (Talos 1.14
 * `KubeAuthenticationConfig`). Talos validates it as `apiserver.config.k8s.io/v1beta1` and replaces the whole
 * `configuration` on merge, so Talos' default anonymous rule (health endpoints only) is repeated here.
 */
export function authenticationConfiguration(oidc: OidcSettings): Record<string, unknown> {
  const usernameClaim = oidc.usernameClaim ?? 'sub';
  // The flags' default prefix: none for `email`, otherwise the issuer URL and '#'. The structured form needs it spelt out.
  const usernamePrefix = oidc.usernamePrefix ?? (usernameClaim === 'email' ? '' : `${oidc.issuerUrl}#`);
  return {
    apiVersion: 'apiserver.config.k8s.io/v1beta1',
    kind: 'AuthenticationConfiguration',
    anonymous: DEFAULT_ANONYMOUS,
    jwt: [{
      issuer: { url: oidc.issuerUrl, audiences: [oidc.clientId] },
      claimMappings: compact({
        username: { claim: usernameClaim, prefix: usernamePrefix },
        groups: oidc.groupsClaim !== undefined ? { claim: oidc.groupsClaim, prefix: oidc.groupsPrefix ?? '' } : undefined,
      }),
    }],
  };
}

function apiServerDocuments(node: ResolvedNode, api: ApiServerSettings): TalosDocument[] {
  const docs: TalosDocument[] = [];
  const args = { ...(api.extraArgs ?? {}), ...auditArgs(api) };
  if (!isEmpty(args) || (api.certSans && api.certSans.length > 0)) {
    docs.push(typed('KubeAPIServerConfig', {
      image: `registry.k8s.io/kube-apiserver:v${node.kubernetesVersion}`,
      extraArgs: isEmpty(args) ? undefined : sortedRecord(args),
      certExtraSANs: api.certSans && api.certSans.length > 0 ? [...api.certSans] : undefined,
    }));
  }
  if (api.oidc) docs.push(typed('KubeAuthenticationConfig', { configuration: authenticationConfiguration(api.oidc) }));
  if (api.audit?.policy) docs.push(typed('KubeAuditPolicyConfig', { configuration: api.audit.policy }));
  return docs;
}


/** The CEL expression of an install disk, for `UnattendedInstallConfig.provisioning.diskSelector.match` (1.14+). */
export function installDiskCel(disk: InstallDisk): string {
  if (disk.devicePath !== undefined) return `disk.dev_path == ${JSON.stringify(disk.devicePath)}`;
  const sel = disk.diskSelector ?? {};
  const terms: string[] = [];
  if (sel.size !== undefined) {
    const size = parseDiskSize(sel.size);
    if (size) terms.push(`disk.size ${size.op} ${size.unit === 'B' ? `${size.amount}u` : `${size.amount}u * ${size.unit}`}`);
  }
  if (sel.model !== undefined) terms.push(`disk.model == ${JSON.stringify(sel.model)}`);
  if (sel.serial !== undefined) terms.push(`disk.serial == ${JSON.stringify(sel.serial)}`);
  if (sel.wwid !== undefined) terms.push(`disk.wwid == ${JSON.stringify(sel.wwid)}`);
  if (sel.busPath !== undefined) terms.push(`disk.bus_path == ${JSON.stringify(sel.busPath)}`);
  switch (sel.type) {
    case 'nvme': terms.push('disk.transport == "nvme"'); break;
    case 'sd': terms.push('disk.transport == "mmc"'); break;
    case 'hdd': terms.push('disk.rotational'); break;
    case 'ssd': terms.push('!disk.rotational'); break;
    default: break;
  }
  return terms.length > 0 ? terms.join(' && ') : 'true';
}
