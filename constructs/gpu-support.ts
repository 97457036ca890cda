import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { HelmRelease, IPlatformComponent } from './helm-release';
import {
  DEVICE_PLUGIN_CHART, devicePluginValues, GPU_OPERATOR_CHART, gpuOperatorValues, GpuSupportOptions, planGpu,
} from './platform-config';
import type { PlatformContext } from './private/platform-context';
import { recordProblems } from './private/report';
import { RuntimeClassV1 } from './private/providers';

/** Props of {@link GpuSupport}: created by the platform when its cluster has GPU nodes. */
export interface GpuSupportProps extends GpuSupportOptions {
  /** The platform that installs GPU support; its cluster's `gpuNodes` are the nodes served. */
  readonly context: PlatformContext;
}

/**
 * The Kubernetes side of NVIDIA GPUs, matching the GPU nodes' Talos version:
 * - Talos 1.12 and older: the RuntimeClass `nvidia` and the NVIDIA device plugin running with it;
 * - Talos 1.13 and newer: the NVIDIA GPU Operator with driver and toolkit disabled (Talos' extensions provide them),
 *   the driver root at `/usr/local`, in a privileged namespace.
 * Either way the components run only on nodes carrying every GPU node's labels (`nvidia.com/gpu.present: 'true'`)
 * and tolerate the GPU nodes' taints. The platform adds it when the cluster has GPU nodes.
 *
 * GPU nodes on both sides of 1.13 fail the synth unless `stack` is chosen: Talos removes the device plugin and the
 * RuntimeClass before the upgrade to 1.13, and both stacks at once would advertise every GPU twice.
 *
 * @example
 * const platform = new Platform(stack, 'platform', { cluster, gpuSupport: { stack: 'gpu-operator' } });
 * platform.gpuSupport?.release.addValues({ dcgmExporter: { enabled: false } });
 */
export class GpuSupport extends Construct implements IPlatformComponent {
  /** Which stack is installed. */
  public readonly stack: 'device-plugin' | 'gpu-operator';
  /** The device plugin or GPU Operator release (escape hatch). */
  public readonly release: HelmRelease;
  /** The `nvidia` RuntimeClass, with the device plugin (escape hatch). */
  public readonly runtimeClass?: TerraformResource;

  /**
   * Created by the platform, when the cluster has GPU nodes, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: GpuSupportProps): GpuSupport {
    return new GpuSupport(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: GpuSupportProps) {
    super(scope, id);
    const { context, ...options } = props;
    const nodes = context.cluster.gpuNodes;
    if (nodes.length === 0) {
      recordProblems(this, [{ path: 'gpuSupport', message: `is set, but cluster '${context.cluster.clusterName}' has no GPU nodes: add GPU nodes, or drop gpuSupport from the platform` }]);
    }
    const plan = planGpu(nodes, options);
    recordProblems(this, plan.problems);
    this.stack = plan.stack;
    if (plan.stack === 'device-plugin') {
      // The handler the nvidia-container-toolkit extension registers with containerd.
      const runtimeClass = new RuntimeClassV1(this, 'runtime-class', { metadata: { name: 'nvidia' }, handler: 'nvidia' });
      runtimeClass.overrideLogicalId('nvidia');
      this.runtimeClass = runtimeClass;
      this.release = HelmRelease._create(this, 'chart', {
        context,
        name: DEVICE_PLUGIN_CHART.releaseName,
        namespace: DEVICE_PLUGIN_CHART.namespace,
        podSecurity: 'privileged',
        repository: DEVICE_PLUGIN_CHART.repository,
        chart: DEVICE_PLUGIN_CHART.chart,
        version: options.version ?? DEVICE_PLUGIN_CHART.version,
        needs: [{ releaseResources: [runtimeClass] }],
      });
      this.release.addValues(() => devicePluginValues(plan));
    } else {
      this.release = HelmRelease._create(this, 'chart', {
        context,
        name: GPU_OPERATOR_CHART.releaseName,
        namespace: GPU_OPERATOR_CHART.namespace,
        podSecurity: 'privileged',
        repository: GPU_OPERATOR_CHART.repository,
        chart: GPU_OPERATOR_CHART.chart,
        version: options.version ?? GPU_OPERATOR_CHART.version,
      });
      this.release.addValues(() => gpuOperatorValues(plan));
    }
    if (options.values !== undefined) this.release.addValues(options.values);
  }

  /** The resources that install GPU support. */
  public get releaseResources(): readonly TerraformResource[] {
    return [...(this.runtimeClass ? [this.runtimeClass] : []), ...this.release.releaseResources];
  }
}
