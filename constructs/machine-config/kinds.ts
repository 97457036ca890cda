/**
 * Talos config document kinds by the Talos minor that introduced them. A provider whose SDK predates a kind fails at
 * plan time with `"<Kind>" "v1alpha1": not registered`, so a document is only valid for contracts at or after its
 * minor. Source: the `oneOf` of the official schemas (siderolabs/talos `website/content/v1.X/schemas/config.schema.json`,
 * v1.11.6, v1.12.11, v1.13.9, v1.14.0-rc.1); a test checks this table against them. One correction: the 1.14 schema
 * names the install document `UnattendedInstall`, but Talos registers it as `UnattendedInstallConfig`
 * (`pkg/machinery/config/types/runtime/unattended_install.go`, `UnattendedInstallConfigKind`).
 */
import { ConfigContract, CONFIG_CONTRACTS, atLeast } from './versions';

export const DOCUMENT_KINDS_SINCE: Readonly<Record<ConfigContract, readonly string[]>> = {
  '1.11': [
    'EthernetConfig', 'EventSinkConfig', 'ExistingVolumeConfig', 'ExtensionServiceConfig', 'KmsgLogConfig',
    'KubeSpanEndpoints', 'NetworkDefaultActionConfig', 'NetworkRuleConfig', 'PCIDriverRebindConfig', 'RawVolumeConfig',
    'SideroLinkConfig', 'SwapVolumeConfig', 'TrustedRootsConfig', 'UserVolumeConfig', 'VolumeConfig',
    'WatchdogTimerConfig', 'ZswapConfig',
  ],
  '1.12': [
    'BondConfig', 'BridgeConfig', 'DHCPv4Config', 'DHCPv6Config', 'DummyLinkConfig', 'HCloudVIPConfig', 'HostnameConfig',
    'Layer2VIPConfig', 'LinkAliasConfig', 'LinkConfig', 'OOMConfig', 'RegistryAuthConfig', 'RegistryMirrorConfig',
    'RegistryTLSConfig', 'ResolverConfig', 'StaticHostConfig', 'TimeSyncConfig', 'VLANConfig', 'WireguardConfig',
  ],
  '1.13': [
    'BlackholeRouteConfig', 'EnvironmentConfig', 'ExternalVolumeConfig', 'KubeSpanConfig', 'RoutingRuleConfig',
    'TCPProbeConfig', 'VRFConfig',
  ],
  '1.14': [
    'BGPInstanceConfig', 'CRIBaseRuntimeSpecConfig', 'CRICustomizationConfig', 'ContainerConfig', 'DiscoveryIdentityConfig',
    'DiscoveryServiceConfig', 'EtcFileConfig', 'FilesystemScrubConfig', 'FilesystemTrimConfig', 'HTTPProbeConfig',
    'ImageCacheConfig', 'KernelModuleConfig', 'KubeAPIServerCAConfig', 'KubeAPIServerConfig', 'KubeAdmissionControlConfig',
    'KubeAggregatorCAConfig', 'KubeAuditPolicyConfig', 'KubeAuthenticationConfig', 'KubeAuthorizerConfig',
    'KubeClusterConfig', 'KubeControllerManagerConfig', 'KubeCoreDNSConfig', 'KubeCredentialProviderConfig',
    'KubeEtcdEncryptionConfig', 'KubeExternalManifestConfig', 'KubeFlannelCNIConfig', 'KubeInlineManifestConfig',
    'KubeNetworkConfig', 'KubeNodeConfig', 'KubePrismConfig', 'KubeProxyConfig', 'KubeSchedulerConfig',
    'KubeServiceAccountConfig', 'KubeStaticPodConfig', 'KubeTalosAPIAccessConfig', 'KubeletConfig',
    'LVMLogicalVolumeConfig', 'LVMVolumeGroupConfig', 'RAIDArrayConfig', 'SecurityProfileConfig', 'SysctlConfig',
    'SysfsConfig', 'UdevRulesConfig', 'UnattendedInstallConfig', 'VethConfig',
  ],
};

/** The contract that introduced `kind`, or undefined when no supported Talos version knows it. */
export function kindIntroducedIn(kind: string): ConfigContract | undefined {
  return CONFIG_CONTRACTS.find((c) => DOCUMENT_KINDS_SINCE[c].includes(kind));
}

/** True when documents of `kind` can be used with `contract`. */
export function kindAvailable(kind: string, contract: ConfigContract): boolean {
  const since = kindIntroducedIn(kind);
  return since !== undefined && atLeast(contract, since);
}

/**
 * v1alpha1 fields that the renderer replaces with typed documents from a given contract on. A raw patch that sets
 * one of them on such a node would set the same thing twice, which Talos rejects.
 */
export const LEGACY_FIELDS: ReadonlyArray<{ readonly path: string; readonly replacedIn: ConfigContract; readonly use: string }> = [
  { path: 'machine.network.hostname', replacedIn: '1.12', use: 'the node hostname (HostnameConfig)' },
  { path: 'machine.network.interfaces', replacedIn: '1.12', use: 'the node links (LinkConfig, VLANConfig, Layer2VIPConfig)' },
  { path: 'machine.network.nameservers', replacedIn: '1.12', use: 'nameservers (ResolverConfig)' },
  { path: 'machine.registries', replacedIn: '1.12', use: 'registryMirrors (RegistryMirrorConfig)' },
  { path: 'machine.sysctls', replacedIn: '1.14', use: 'sysctls (SysctlConfig)' },
  { path: 'machine.kernel', replacedIn: '1.14', use: 'kernelModules (KernelModuleConfig)' },
  { path: 'machine.kubelet', replacedIn: '1.14', use: 'kubelet (KubeletConfig)' },
  { path: 'machine.nodeLabels', replacedIn: '1.14', use: 'nodeLabels (KubeNodeConfig)' },
  { path: 'machine.nodeTaints', replacedIn: '1.14', use: 'nodeTaints (KubeNodeConfig)' },
  { path: 'machine.install', replacedIn: '1.14', use: 'installDisk and installerImage (UnattendedInstall)' },
  { path: 'cluster.apiServer', replacedIn: '1.14', use: 'kubernetes.apiServer (KubeAPIServerConfig, KubeAuthenticationConfig, KubeAuditPolicyConfig)' },
  { path: 'cluster.network', replacedIn: '1.14', use: 'kubernetes.cni, podSubnets and serviceSubnets (KubeNetworkConfig)' },
  { path: 'cluster.proxy', replacedIn: '1.14', use: 'kubernetes.kubeProxy (KubeProxyConfig)' },
  { path: 'cluster.allowSchedulingOnControlPlanes', replacedIn: '1.14', use: 'kubernetes.allowSchedulingOnControlPlanes' },
  { path: 'cluster.coreDNS', replacedIn: '1.14', use: 'kubernetes.coreDns (KubeCoreDNSConfig)' },
  { path: 'machine.features.kubernetesTalosAPIAccess', replacedIn: '1.14', use: 'kubernetes.etcdBackupAccess (KubeTalosAPIAccessConfig)' },
];
