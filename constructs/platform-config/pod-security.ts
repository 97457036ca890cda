/**
 * What charts need from Pod Security Admission. Talos enforces `baseline` in every namespace but kube-system (talos
 * `pkg/machinery/config/generate/init.go`, the admission control defaults), and `baseline` never admits pods with
 * hostPath volumes, host ports, host networking or privileged containers: Helm's wait then times out. So a release of
 * one of these charts gets a privileged namespace by default, and a lower level is an error.
 */
import { PodSecurityLevel } from './values';

/** Why a chart needs a Pod Security level, read from its templates. */
export interface ChartPodSecurity {
  /** The level its pods need. */
  readonly level: PodSecurityLevel;
  /** What in its pods needs it. */
  readonly why: string;
}

/**
 * Charts whose pods `baseline` rejects, by chart name, with what in their templates needs more. Each entry was read
 * from the chart's templates at the version named.
 */
export const CHART_POD_SECURITY: Readonly<Record<string, ChartPodSecurity>> = {
  // spegel-org/spegel charts/spegel/templates/daemonset.yaml at v0.7.4: hostPath (containerd socket, content store,
  // mirror configuration) and hostPort 30020.
  spegel: { level: 'privileged', why: 'its DaemonSet mounts containerd\'s socket, content store and mirror configuration by hostPath and publishes a hostPort' },
  // metallb/metallb charts/metallb/templates/speaker.yaml at v0.16.1: hostNetwork and NET_RAW; the frr-k8s subchart
  // (on by default) adds a hostNetwork DaemonSet with NET_ADMIN and SYS_ADMIN.
  metallb: { level: 'privileged', why: 'its speaker runs with hostNetwork and NET_RAW, and its frr-k8s DaemonSet with NET_ADMIN and SYS_ADMIN' },
  // NVIDIA/gpu-operator deployments/gpu-operator at v26.7.0: the node-feature-discovery worker mounts host paths, and
  // the operands the operator creates in the same namespace (driver, toolkit, device plugin) run privileged.
  'gpu-operator': { level: 'privileged', why: 'its node-feature-discovery worker mounts host paths and the operands it starts run privileged' },
  // NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/templates/daemonset-device-plugin.yml at v0.20.0.
  'nvidia-device-plugin': { level: 'privileged', why: 'its DaemonSet mounts the kubelet\'s device-plugin directory and /var/run/cdi by hostPath' },
  // longhorn/longhorn chart/templates/daemonset-sa.yaml at v1.12.1: a privileged manager with host paths.
  longhorn: { level: 'privileged', why: 'its manager runs privileged with hostPath mounts of /dev, /proc and /var/lib/longhorn' },
  // prometheus-community/helm-charts charts/prometheus-node-exporter/templates/daemonset.yaml at 4.56.1.
  'prometheus-node-exporter': { level: 'privileged', why: 'its DaemonSet uses hostNetwork, hostPID and hostPath mounts of /proc, /sys and /' },
  // kube-prometheus-stack 88.5.3 installs the prometheus-node-exporter subchart into its namespace by default.
  'kube-prometheus-stack': { level: 'privileged', why: 'its node exporter (a subchart, on by default) uses hostNetwork, hostPID and hostPath mounts' },
  // kubernetes-csi/csi-driver-nfs charts/v4.13.4/csi-driver-nfs/templates/csi-nfs-node.yaml and csi-nfs-controller.yaml.
  'csi-driver-nfs': { level: 'privileged', why: 'its node plugin and controller run privileged with hostNetwork and SYS_ADMIN' },
  // grafana/helm-charts charts/promtail/templates/daemonset.yaml at promtail-6.17.1 (deprecated; Grafana Alloy replaces it).
  promtail: { level: 'privileged', why: 'its DaemonSet mounts the nodes\' logs by hostPath' },
  // The cilium chart at 1.19.5, templates/cilium-agent/daemonset.yaml: hostNetwork, host paths, NET_ADMIN, SYS_ADMIN.
  // The platform installs it into kube-system, which Pod Security exempts; elsewhere it needs a privileged namespace.
  cilium: { level: 'privileged', why: 'its agent runs with hostNetwork, hostPath mounts and NET_ADMIN/SYS_ADMIN' },
};

const RANK: Readonly<Record<PodSecurityLevel, number>> = { restricted: 0, baseline: 1, privileged: 2 };

/** True when `level` admits everything `needed` admits. */
export function admits(level: PodSecurityLevel, needed: PodSecurityLevel): boolean {
  return RANK[level] >= RANK[needed];
}
