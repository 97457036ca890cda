/**
 * The CNI of a platform and its agreement with the cluster: Talos' Flannel needs nothing; a cluster without a
 * built-in CNI (`kubernetes.cni: 'none'`) needs the platform to install one, and a cluster without kube-proxy needs
 * one that replaces it. Pure functions, no cdktf.
 */
import { KubernetesSettings, Problem } from '../machine-config';
import { HelmValues } from './values';

/**
 * The Cilium chart this library installs by default. Source: https://helm.cilium.io/ (chart `cilium`); the Talos
 * values below follow Talos' "Deploying Cilium CNI" guide (KubePrism on localhost:7445, no cgroup automount,
 * capabilities without SYS_MODULE, which Talos forbids).
 * Checked at 1.19.5 (the chart `cilium-1.19.5.tgz` of cilium/charts, vendored in cilium/cilium-cli v0.19.7): every value
 * below still exists in its `values.yaml` with the same meaning, and the merged values pass its `values.schema.json`.
 * Talos' own CI installs Cilium with the same values (siderolabs/talos release-1.14, `hack/test/e2e.sh`). 1.19 adds
 * SYSLOG (reading dmesg) to the agent's default capabilities; Talos' list, which replaces the default, leaves it out.
 */
export const CILIUM_CHART = {
  repository: 'https://helm.cilium.io/',
  chart: 'cilium',
  version: '1.19.5',
  namespace: 'kube-system',
  releaseName: 'cilium',
} as const;

/** Cilium, installed by the platform stack. */
export interface CiliumOptions {
  /**
   * The chart version, pinned.
   * @default '1.19.5'
   */
  readonly version?: string;
  /**
   * Replace kube-proxy with Cilium's eBPF service handling. Must be true when the cluster runs without kube-proxy
   * and false when it runs kube-proxy.
   * @default - true when the cluster disables kube-proxy (`kubernetes.kubeProxy: false`), else false
   */
  readonly kubeProxyReplacement?: boolean;
  /**
   * Chart values merged over the Talos values (objects merge key by key, lists are replaced).
   * @default - the Talos values only
   */
  readonly values?: HelmValues;
}

/** The platform's CNI: Talos' Flannel (nothing to install) or Cilium installed by Helm. */
export class Cni {
  /** Talos' built-in Flannel: the platform installs nothing. The cluster must keep `kubernetes.cni: 'flannel'`. */
  public static flannel(): Cni {
    return new Cni('flannel', undefined);
  }

  /** Cilium from its Helm chart. The cluster must run `kubernetes.cni: 'none'`. */
  public static cilium(options: CiliumOptions = {}): Cni {
    return new Cni('cilium', { ...options });
  }

  private constructor(
    /** Which CNI. */
    public readonly name: 'flannel' | 'cilium',
    /** Cilium's options, for `cilium`. */
    public readonly ciliumOptions: CiliumOptions | undefined,
  ) {}
}

/** What the platform installs for networking, decided from the cluster and the platform's choice. */
export interface CniPlan {
  /** The CNI in effect. */
  readonly cni: Cni;
  /** Whether the choice was derived from the cluster (no explicit `cni` on the platform). */
  readonly derived: boolean;
  /** Cilium's kube-proxy replacement, for Cilium. */
  readonly kubeProxyReplacement: boolean;
  /** Every disagreement between the cluster and the platform. */
  readonly problems: Problem[];
}

/**
 * Derives the platform's CNI from the cluster (Cilium when the cluster has no built-in CNI, nothing for Flannel), or
 * checks an explicit choice against it.
 */
export function planCni(cluster: KubernetesSettings, clusterName: string, choice: Cni | undefined): CniPlan {
  const clusterCni = cluster.cni ?? 'flannel';
  const kubeProxy = cluster.kubeProxy ?? true;
  const cni = choice ?? (clusterCni === 'none' ? Cni.cilium() : Cni.flannel());
  const problems: Problem[] = [];
  const c = `cluster '${clusterName}'`;
  if (cni.name === 'cilium' && clusterCni !== 'none') {
    problems.push({ path: 'cni', message: `is Cilium, but ${c} runs Talos' Flannel (kubernetes.cni ${clusterCni === 'flannel' && cluster.cni === undefined ? 'defaults to' : 'is'} 'flannel'): two CNIs fight over pod networking; set kubernetes.cni: 'none' on the cluster, or drop cni from the platform` });
  }
  if (cni.name === 'flannel' && clusterCni === 'none') {
    problems.push({ path: 'cni', message: `is Flannel (nothing to install), but ${c} runs without a built-in CNI (kubernetes.cni 'none'), so no pod could start: use Cni.cilium() (or leave cni unset to derive it), or set kubernetes.cni: 'flannel' on the cluster` });
  }
  if (cni.name === 'flannel' && !kubeProxy) {
    problems.push({ path: 'cni', message: `is Flannel, but ${c} disables kube-proxy (kubernetes.kubeProxy false) and Flannel does not replace it, so Services would not work: keep kube-proxy, or run kubernetes.cni: 'none' with Cni.cilium()` });
  }
  let kubeProxyReplacement = false;
  if (cni.name === 'cilium') {
    const requested = cni.ciliumOptions?.kubeProxyReplacement;
    kubeProxyReplacement = requested ?? !kubeProxy;
    if (requested === false && !kubeProxy) {
      problems.push({ path: 'cni.kubeProxyReplacement', message: `is false, but ${c} disables kube-proxy (kubernetes.kubeProxy false), so nothing would implement Services: set kubeProxyReplacement: true (or leave it unset), or enable kube-proxy on the cluster` });
    }
    if (requested === true && kubeProxy) {
      problems.push({ path: 'cni.kubeProxyReplacement', message: `is true, but ${c} still runs kube-proxy (kubernetes.kubeProxy defaults to true): both would program Services; set kubernetes.kubeProxy: false on the cluster, or leave kubeProxyReplacement unset` });
    }
  }
  return { cni, derived: choice === undefined, kubeProxyReplacement, problems };
}

/**
 * Cilium's values for Talos (talos-facts §7; Talos "Deploying Cilium CNI" guide): Kubernetes IPAM, KubePrism as the
 * API endpoint (it works before any Service does), Talos' cgroup mount, and the capabilities Talos allows.
 */
export function ciliumTalosValues(kubeProxyReplacement: boolean, nodeCount: number): Record<string, unknown> {
  return {
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement,
    k8sServiceHost: 'localhost',
    k8sServicePort: 7445,
    cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
    securityContext: {
      capabilities: {
        ciliumAgent: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
        cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
      },
    },
    // The operator's two replicas repel each other; on a single node the second never schedules.
    ...(nodeCount === 1 ? { operator: { replicas: 1 } } : {}),
  };
}
