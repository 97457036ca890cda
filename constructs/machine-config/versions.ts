/**
 * Talos and Kubernetes versions: parsing, the support matrix, and the config contract a node is rendered for.
 *
 * The config contract is the shape of the machine configuration the renderer emits. It is the lower of the
 * node's Talos version and the Talos SDK the pinned Terraform provider was built with, because the provider decodes
 * every patch with its own SDK and rejects document kinds it does not know (`"<Kind>" "v1alpha1": not registered`,
 * siderolabs/talos `pkg/machinery/config/internal/registry/registry.go`). Talos accepts configs of an older
 * contract, so a 1.14 node with provider 0.11.0 (SDK 1.13) gets the 1.13 shape.
 *
 * Version text is parsed and compared with `semver` (npm's SemVer 2.0 implementation), never by hand: a pre-release
 * such as `v1.14.0-rc.1` is older than `v1.14.0`, and is not a release a cluster can pin.
 */
import * as semver from 'semver';

/** A parsed Talos release version such as `v1.13.9`. */
export interface TalosVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The canonical text, always with the leading `v`: `v1.13.9`. */
  readonly text: string;
}

/** A parsed Kubernetes version such as `1.35.2`. */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The canonical text, without a leading `v`: `1.35.2`. */
  readonly text: string;
}

/** The config contracts the renderer knows, as Talos minor versions. */
export type ConfigContract = '1.11' | '1.12' | '1.13' | '1.14';

/** Every config contract, oldest first. */
export const CONFIG_CONTRACTS: readonly ConfigContract[] = ['1.11', '1.12', '1.13', '1.14'];

/**
 * Per Talos minor: the Kubernetes minors it supports (inclusive).
 * Source: siderolabs/talos `pkg/machinery/compatibility/talos1XX/talos1XX.go` (`MinimumKubernetesVersion`,
 * `MaximumKubernetesVersion`) at v1.11.6, v1.12.11, v1.13.9 and v1.14.0-rc.1.
 */
export const KUBERNETES_SUPPORT: Readonly<Record<ConfigContract, { readonly min: number; readonly max: number }>> = {
  '1.11': { min: 29, max: 34 },
  '1.12': { min: 30, max: 35 },
  '1.13': { min: 31, max: 36 },
  '1.14': { min: 32, max: 37 },
};

/**
 * The Talos SDK minor version of the pinned siderolabs/talos provider (0.11.0 is built on the 1.13 SDK).
 * A provider built on a newer SDK raises this, and the 1.14 documents are rendered for 1.14 nodes.
 */
export const PROVIDER_TALOS_SDK: ConfigContract = '1.13';

/**
 * A release version: SemVer with an optional leading `v`, without pre-release or build metadata (`v1.14.0-rc.1` is a
 * release candidate, not a release; `1.13` is not a full version).
 */
function parseRelease(value: string): semver.SemVer | undefined {
  const v = semver.parse(value.trim());
  return v !== null && v.prerelease.length === 0 && v.build.length === 0 ? v : undefined;
}

/** Parses `v1.13.9` (or `1.13.9`); returns undefined when the text is not a full Talos release version. */
export function parseTalosVersion(value: string): TalosVersion | undefined {
  const v = parseRelease(value);
  return v ? { major: v.major, minor: v.minor, patch: v.patch, text: `v${v.version}` } : undefined;
}

/** Parses `1.35.2` (or `v1.35.2`); returns undefined when the text is not a full Kubernetes release version. */
export function parseKubernetesVersion(value: string): KubernetesVersion | undefined {
  const v = parseRelease(value);
  return v ? { major: v.major, minor: v.minor, patch: v.patch, text: v.version } : undefined;
}

/** True when the Kubernetes version lies in the range a Talos minor supports ({@link KUBERNETES_SUPPORT}). */
export function kubernetesSupported(kubernetes: KubernetesVersion, talosMinor: ConfigContract): boolean {
  const { min, max } = KUBERNETES_SUPPORT[talosMinor];
  return semver.satisfies(kubernetes.text, `>=1.${min}.0 <1.${max + 1}.0`);
}

/** True when a Talos version is `at` (a minor, like `1.13`) or newer. */
export function talosAtLeast(version: TalosVersion, at: `${number}.${number}`): boolean {
  return semver.gte(version.text, `${at}.0`);
}

/** The Talos minor of a version as a contract name, or undefined when the library does not support it. */
export function supportedMinor(version: TalosVersion): ConfigContract | undefined {
  const name = `${version.major}.${version.minor}`;
  return (CONFIG_CONTRACTS as readonly string[]).includes(name) ? (name as ConfigContract) : undefined;
}

/** Orders two contracts: negative when `a` is older than `b`. */
export function compareContracts(a: ConfigContract, b: ConfigContract): number {
  return CONFIG_CONTRACTS.indexOf(a) - CONFIG_CONTRACTS.indexOf(b);
}

/** True when `contract` is `at` or newer. */
export function atLeast(contract: ConfigContract, at: ConfigContract): boolean {
  return compareContracts(contract, at) >= 0;
}

/**
 * The contract a node is rendered with: the lower of its Talos minor and the provider's SDK minor.
 * @param nodeMinor the node's (supported) Talos minor
 * @param providerSdk the Talos SDK minor of the provider in use
 */
export function configContract(nodeMinor: ConfigContract, providerSdk: ConfigContract = PROVIDER_TALOS_SDK): ConfigContract {
  return compareContracts(nodeMinor, providerSdk) <= 0 ? nodeMinor : providerSdk;
}
