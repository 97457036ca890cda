/**
 * Talos images from the Image Factory: which schematic a node needs (system extensions, extra kernel arguments,
 * board overlay), rendered as the schematic YAML the factory takes, and a stable key per distinct schematic so every
 * node with the same set shares one `talos_image_factory_schematic`.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';

/** CPU architecture of a node. */
export type Architecture = 'amd64' | 'arm64';

/** A single-board computer: the Image Factory overlay and the facts that follow from the board. */
export class Board {
  /** Raspberry Pi 4/400/CM4 and 3 family (Image Factory overlay `rpi_generic`), booting from its SD card or eMMC. */
  public static readonly RASPBERRY_PI = new Board('rpi_generic', 'siderolabs/sbc-raspberrypi', '/dev/mmcblk0');

  /**
   * Another board supported by an Image Factory overlay.
   * @param overlayName the overlay name, e.g. `rock5b`
   * @param overlayImage the overlay image, e.g. `siderolabs/sbc-rockchip`
   * @param installDisk the board's own disk, e.g. `/dev/mmcblk0`
   */
  public static overlay(overlayName: string, overlayImage: string, installDisk: string): Board {
    return new Board(overlayName, overlayImage, installDisk);
  }

  private constructor(
    /** Overlay (and SBC) name in the Image Factory. */
    public readonly overlayName: string,
    /** Overlay image. */
    public readonly overlayImage: string,
    /** The board's own disk, the default install disk. */
    public readonly installDisk: string,
  ) {}

  /** Boards are arm64. */
  public get architecture(): Architecture {
    return 'arm64';
  }
}

/** What a node's image is made of. */
export interface ImageSpec {
  /** Official system extensions, e.g. `siderolabs/qemu-guest-agent`; sorted and unique. */
  readonly extensions: readonly string[];
  /** Extra kernel arguments, in order. */
  readonly extraKernelArgs: readonly string[];
  /**
   * The board overlay for single-board computers.
   * @default - no overlay
   */
  readonly board?: Board;
}

/** The extension that makes the Proxmox guest agent usable: only then may the VM's agent be enabled. */
export const QEMU_GUEST_AGENT = 'siderolabs/qemu-guest-agent';

/** Builds an image spec from extension lists of several levels (cluster, node): sorted, without duplicates. */
export function imageSpec(extensions: Array<readonly string[] | undefined>, extraKernelArgs: Array<readonly string[] | undefined>, board?: Board): ImageSpec {
  const ext = [...new Set(extensions.flatMap((e) => e ?? []))].sort();
  const args: string[] = [];
  for (const a of extraKernelArgs.flatMap((k) => k ?? [])) if (!args.includes(a)) args.push(a);
  return { extensions: ext, extraKernelArgs: args, board };
}

/** The schematic document the Image Factory takes (`customization`, `overlay`). */
export function schematicDocument(spec: ImageSpec): Record<string, unknown> {
  const customization: Record<string, unknown> = {};
  if (spec.extraKernelArgs.length > 0) customization.extraKernelArgs = [...spec.extraKernelArgs];
  if (spec.extensions.length > 0) customization.systemExtensions = { officialExtensions: [...spec.extensions] };
  const doc: Record<string, unknown> = { customization };
  if (spec.board) doc.overlay = { image: spec.board.overlayImage, name: spec.board.overlayName };
  return doc;
}

/**
 * Schematics' YAML by their document's JSON: every node of a cluster usually shares one schematic, and emitting YAML
 * costs far more than JSON.stringify. Keyed by content, so an entry can never be stale.
 */
const schematicYamls = new Map<string, string>();

/** The schematic as YAML text (deterministic). */
export function schematicYaml(spec: ImageSpec): string {
  const doc = schematicDocument(spec);
  const key = JSON.stringify(doc);
  let yaml = schematicYamls.get(key);
  if (yaml === undefined) {
    yaml = stringify(doc, { lineWidth: 0 });
    schematicYamls.set(key, yaml);
  }
  return yaml;
}

/** A short stable key of a schematic: the first 8 hex digits of the SHA-256 of its YAML. */
export function schematicKey(spec: ImageSpec): string {
  return createHash('sha256').update(schematicYaml(spec)).digest('hex').slice(0, 8);
}
