/**
 * What a platform component may ask of the platform it belongs to. `Platform` hands this context to the components
 * it creates (`platform.addX()`); components know only this interface, never `Platform`, so the platform imports
 * every component and none imports it back. Every import here is a type import: the module has no runtime
 * dependencies, and a type-only cycle through it is erased by the compiler.
 *
 * A new component plugs in with one factory method on `Platform`: the component has a private constructor and a
 * static `_create(scope, id, props)` tagged internal, whose props carry `context: PlatformContext`; the factory calls
 * `X._create(this, id, { ...options, context: this.context })`. Releases the component creates the same way
 * (`HelmRelease._create`, `ManifestsRelease._create`) claim their names, get their namespaces and wait for the CNI
 * through the context. The private constructor keeps the context off the public API (and out of the API reference).
 */
import type { TerraformResource } from 'cdktf';
import type { ITalosCluster } from '../i-talos-cluster';
import type { KubernetesNamespace, KubernetesNamespaceOptions } from '../kubernetes-namespace';
import type { MetalLb } from '../metallb';
import type { MetalLbPoolOptions } from '../platform-config';

/** The platform's plumbing, as its components see it. */
export interface PlatformContext {
  /** The cluster the platform serves. */
  readonly cluster: ITalosCluster;
  /**
   * The resources every release waits for: the CNI's releases. Empty without a CNI release, and while the CNI itself
   * is being built.
   */
  readonly cniResources: readonly TerraformResource[];
  /** Every release of the platform so far (its `helm_release`s, in order): what a GitOps handoff waits for. */
  readonly declaredReleases: readonly TerraformResource[];
  /** The MetalLB pools registered so far, in order (MetalLB's values depend on them). */
  readonly metalLbPools: readonly MetalLbPoolOptions[];
  /**
   * The namespace of that name, created on first use. Asking again with a Pod Security level applies it, unless the
   * namespace already has a different one.
   */
  namespace(options: KubernetesNamespaceOptions): KubernetesNamespace;
  /** Records that a release name is taken by `owner`; fails when another resource holds it. */
  claimReleaseName(name: string, owner: TerraformResource): void;
  /** The MetalLB installation, created on first use. */
  metalLb(): MetalLb;
  /** Registers a MetalLB pool, after the pools registered before it. */
  registerMetalLbPool(pool: MetalLbPoolOptions): void;
}
