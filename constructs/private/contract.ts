/**
 * The runtime contract of the constructs' public boundary: the roots it is generated from (`npm run contract`, see
 * constructs/machine-config/contract.ts for how) and the check every construct runs on its props before using them.
 * Not part of the public API.
 */
import { TerraformBackend, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { GpuNodeOptions, GpuNodeProps } from '../gpu-node';
import type { HelmReleaseOptions } from '../helm-release';
import type { KubernetesNamespaceOptions } from '../kubernetes-namespace';
import { checkContract, Problem, registerContractClass } from '../machine-config';
import type { ManifestsReleaseOptions } from '../manifests-release';
import type { NodeLabelsOptions } from '../node-labels';
import type { NodeTaintsOptions } from '../node-taints';
import {
  Cni, EtcdBackupOptions, GitCredentials, GitOps, HelmValues, KubernetesManifest, MetalLbAdvertisement, MetalLbPoolOptions, S3Credentials,
} from '../platform-config';
import type { PlatformProps } from '../platform';
import type { ProxmoxConnectionProps } from '../proxmox-connection';
import type { GitLabStateOptions, HttpStateOptions, PgStateOptions, S3StateOptions } from '../state-backend';
import type { ReferenceAttributes } from '../talos-cluster-reference';
import type { TalosClusterProps } from '../talos-cluster';
import type { TalosNodeOptions, TalosNodeProps } from '../talos-node';
import type { TerraformFeature } from '../terraform-version';
import type { SpegelOptions } from '../spegel';
import type { IPlatformComponent } from '../helm-release';

/** The entry points of the constructs, by the name of what each takes. The constructs' contract is generated from these. */
export interface ConstructContractRoots {
  /** `new TalosCluster(scope, id, props)`. */
  readonly TalosClusterProps: TalosClusterProps;
  /** `cluster.addControlPlane(options)`, `cluster.addWorker(options)`. */
  readonly TalosNodeOptions: TalosNodeOptions;
  /** `cluster.addGpuWorker(options)`, `cluster.addGpuControlPlane(options)`. */
  readonly GpuNodeOptions: GpuNodeOptions;
  /** `new TalosNode(scope, id, props)`. */
  readonly TalosNodeProps: TalosNodeProps;
  /** `new GpuNode(scope, id, props)`. */
  readonly GpuNodeProps: GpuNodeProps;
  /** `TalosClusterReference.fromAttributes(scope, id, attributes)`. */
  readonly TalosClusterAttributes: ReferenceAttributes;
  /** `new Platform(scope, id, props)`. */
  readonly PlatformProps: PlatformProps;
  /** `platform.addRelease(options)`. */
  readonly HelmReleaseOptions: HelmReleaseOptions;
  /** `platform.addManifests(options)`. */
  readonly ManifestsReleaseOptions: ManifestsReleaseOptions;
  /** `platform.addMetalLbPool(options)`. */
  readonly MetalLbPoolOptions: MetalLbPoolOptions;
  /** `platform.addSpegel(options)`. */
  readonly SpegelOptions: SpegelOptions;
  /** `platform.addNodeTaints(options)`. */
  readonly NodeTaintsOptions: NodeTaintsOptions;
  /** `platform.addNodeLabels(options)`. */
  readonly NodeLabelsOptions: NodeLabelsOptions;
  /** `platform.namespace(options)`, `new KubernetesNamespace(scope, id, props)`. */
  readonly KubernetesNamespaceOptions: KubernetesNamespaceOptions;
  /** `new ProxmoxConnection(scope, id, props)`. */
  readonly ProxmoxConnectionProps: ProxmoxConnectionProps;
  /** `StateBackend.s3(options)`. */
  readonly S3StateOptions: S3StateOptions;
  /** `StateBackend.pg(options)`. */
  readonly PgStateOptions: PgStateOptions;
  /** `StateBackend.http(options)`. */
  readonly HttpStateOptions: HttpStateOptions;
  /** `StateBackend.gitlab(options)`. */
  readonly GitLabStateOptions: GitLabStateOptions;
  /** `TerraformVersion.require(scope, feature)`. */
  readonly TerraformFeature: TerraformFeature;
  /** `release.addValues(values)`. */
  readonly HelmValues: HelmValues;
  /** `manifestsRelease.addManifests(...manifests)`. */
  readonly KubernetesManifests: KubernetesManifest[];
  /** `platform.addEtcdBackups(options)`. */
  readonly EtcdBackupOptions: EtcdBackupOptions;
  /** `platform.addGitOps(gitops)`. */
  readonly GitOps: GitOps;
  /** `release.addNeeds(...components)`. */
  readonly PlatformComponents: IPlatformComponent[];
}

registerContractClass('Cni', (v) => v instanceof Cni);
registerContractClass('MetalLbAdvertisement', (v) => v instanceof MetalLbAdvertisement);
registerContractClass('GitOps', (v) => v instanceof GitOps);
registerContractClass('GitCredentials', (v) => v instanceof GitCredentials);
registerContractClass('S3Credentials', (v) => v instanceof S3Credentials);
registerContractClass('Construct', (v) => Construct.isConstruct(v));
registerContractClass('IConstruct', (v) => Construct.isConstruct(v));
registerContractClass('TerraformStack', (v) => TerraformStack.isStack(v));
registerContractClass('TerraformResource', (v) => TerraformResource.isTerraformResource(v));
registerContractClass('TerraformBackend', (v) => v instanceof TerraformBackend);
registerContractClass('IPlatformComponent', (v) => typeof v === 'object' && v !== null
  && Array.isArray((v as { releaseResources?: unknown }).releaseResources));
registerContractClass('ITalosCluster', (v) => Construct.isConstruct(v) && typeof (v as { clusterName?: unknown }).clusterName === 'string'
  && typeof (v as { declaration?: unknown }).declaration === 'object');

/** What a check found: shape problems (the props cannot be used) and range problems (they can). */
export interface PropsCheck {
  /** Problems of type and shape: nothing may read the props. */
  readonly problems: Problem[];
  /** Problems of range, reported unless another rule reports the same field. */
  readonly ranges: Problem[];
}

/** Checks props against the contract of an entry point; tokens pass (Terraform resolves them). */
export function checkProps(root: keyof ConstructContractRoots, value: unknown, path: string): PropsCheck {
  return checkContract(root, value, { path, isUnresolved: (v) => Token.isUnresolved(v) });
}
