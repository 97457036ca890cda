/**
 * Installer image references computed offline, the way the Image Factory and the Talos provider form them, so that
 * upgrade commands and previews can name the exact image a node installs before anything is applied.
 *
 * - The schematic id is the SHA-256 of the factory's canonical YAML of the schematic: Go's yaml.v3 marshalling of
 *   `Schematic{Overlay{image, name}, Customization{extraKernelArgs, systemExtensions.officialExtensions}}`, four-space
 *   indent, empty fields left out, `customization: {}` when nothing is customized (siderolabs/image-factory
 *   `pkg/schematic/schematic.go` `ID()`/`Marshal()`; its test vectors are in the tests).
 * - The installer is `<factory host>/<platform>-installer/<schematic id>:<talos version>`, and `metal-installer` for
 *   single-board computers (siderolabs/terraform-provider-talos v0.11.0 and v0.12.0-alpha.5,
 *   `pkg/talos/talos_image_factory_urls_data_source.go`).
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { ImageSpec } from './image';

/** The Image Factory the provider uses unless `image_factory_url` says otherwise (`pkg/talos/provider.go`). */
export const DEFAULT_IMAGE_FACTORY_HOST = 'factory.talos.dev';

/** The installer flavour: `nocloud` for Proxmox VMs, `metal` for bare metal and single-board computers. */
export type InstallerPlatform = 'nocloud' | 'metal';

// Strings both yaml.v3 and the `yaml` package write unquoted: a letter first, no spaces, no '#', not ending in ':',
// and none of the words YAML 1.1 reads as booleans or null (yaml.v3 quotes those; `yaml` does not).
const PLAIN = /^[A-Za-z][A-Za-z0-9_./=,:@+-]*$/;
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;

function plain(value: string): boolean {
  return PLAIN.test(value) && !value.endsWith(':') && !YAML11_WORDS.test(value);
}

/**
 * The schematic id the Image Factory gives a spec, computed offline.
 * @returns undefined when a value would need quoting, where two YAML writers may differ (then read the id from
 *   `talos_image_factory_schematic.id` after apply)
 */
export function schematicId(spec: ImageSpec): string | undefined {
  const values = [...spec.extensions, ...spec.extraKernelArgs, ...(spec.board ? [spec.board.overlayImage, spec.board.overlayName] : [])];
  if (!values.every(plain)) return undefined;
  const customization: Record<string, unknown> = {};
  if (spec.extraKernelArgs.length > 0) customization.extraKernelArgs = [...spec.extraKernelArgs];
  if (spec.extensions.length > 0) customization.systemExtensions = { officialExtensions: [...spec.extensions] };
  const doc: Record<string, unknown> = {};
  if (spec.board) doc.overlay = { image: spec.board.overlayImage, name: spec.board.overlayName };
  doc.customization = customization;
  return createHash('sha256').update(stringify(doc, { indent: 4, lineWidth: 0 })).digest('hex');
}

/**
 * The installer image repository (without tag) of a spec: `factory.talos.dev/nocloud-installer/<schematic id>`.
 * A spec with a board always gets `metal-installer`, whatever `platform` says.
 * @returns undefined when the schematic id cannot be computed offline
 */
export function installerRepository(spec: ImageSpec, platform: InstallerPlatform, factoryHost: string = DEFAULT_IMAGE_FACTORY_HOST): string | undefined {
  const id = schematicId(spec);
  if (id === undefined) return undefined;
  return `${factoryHost}/${spec.board ? 'metal' : platform}-installer/${id}`;
}

/** The installer image reference of a repository for a Talos version: `<repository>:v1.13.9`. */
export function installerImage(repository: string, talosVersion: string): string {
  return `${repository}:${talosVersion}`;
}

/** A node's boot media as Image Factory URLs, known before anything is applied. */
export interface OfflineBootMedia {
  /** The ISO, e.g. `https://factory.talos.dev/image/<id>/v1.12.11/metal-amd64.iso` (empty for boards). */
  readonly iso: string;
  /** The disk image: `metal-<arch>.raw.zst`, or `metal-arm64.raw.xz` for boards. */
  readonly diskImage: string;
}

/**
 * The bare-metal boot media of a spec, computed offline the way the provider's `talos_image_factory_urls` forms them
 * (siderolabs/terraform-provider-talos v0.11.0 `pkg/talos/talos_image_factory_urls_data_source.go`, with the paths of
 * talos `pkg/machinery/platforms` `MetalPlatform()` at v1.13.0: `metal-<arch>.iso`, `metal-<arch>.raw.zst`; boards
 * `metal-arm64.raw.xz`). The factory serves them once the schematic is registered (`talos_image_factory_schematic`).
 * @returns undefined when the schematic id cannot be computed offline
 */
export function offlineBootMedia(spec: ImageSpec, talosVersion: string, architecture: string, factoryHost: string = DEFAULT_IMAGE_FACTORY_HOST): OfflineBootMedia | undefined {
  const id = schematicId(spec);
  if (id === undefined) return undefined;
  const base = `https://${factoryHost}/image/${id}/${talosVersion}`;
  if (spec.board) return { iso: '', diskImage: `${base}/metal-arm64.raw.xz` };
  return { iso: `${base}/metal-${architecture}.iso`, diskImage: `${base}/metal-${architecture}.raw.zst` };
}
