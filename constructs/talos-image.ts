import { TerraformDataSource, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Architecture, ImageSpec, schematicKey, schematicYaml } from './machine-config';
import { DataTalosImageFactoryUrls, DownloadFile, ImageFactorySchematic } from './private/providers';
import { idSafe } from './private/util';

/** The platform an image is built for: `nocloud` for Proxmox VMs, `metal` for bare metal, or a board (`sbc`). */
export type ImagePlatform = { readonly platform: 'nocloud' | 'metal' } | { readonly sbc: string };

/** The Image Factory URLs of one schematic for one Talos version, platform and architecture. */
export interface TalosImageUrls {
  /** The installer image reference, e.g. `factory.talos.dev/nocloud-installer/<id>:v1.13.9`. */
  readonly installer: string;
  /** The ISO URL. */
  readonly iso: string;
  /** The disk image URL (for flashing boards). */
  readonly diskImage: string;
  /** `data.talos_image_factory_urls` (escape hatch). */
  readonly dataSource: TerraformDataSource;
}

/** Props of {@link TalosImage}. */
export interface TalosImageProps {
  /** What the image is made of. */
  readonly spec: ImageSpec;
  /** The Terraform name prefix (the cluster's id). */
  readonly namePrefix: string;
}

/**
 * One Image Factory schematic (`talos_image_factory_schematic`), shared by every node with the same extensions,
 * kernel arguments and overlay, with its URLs per Talos version and platform and its boot ISO downloaded once per
 * Proxmox host (or once per shared datastore).
 *
 * Created by `TalosCluster` for its nodes; a schematic is named by a hash of its content, so adding a node with the
 * same set changes nothing and a node with a new set adds a schematic without touching the others.
 */
export class TalosImage extends Construct {
  /** The schematic key (first 8 hex digits of the SHA-256 of its YAML). */
  public readonly key: string;
  /** What the image is made of. */
  public readonly spec: ImageSpec;
  /** `talos_image_factory_schematic` (escape hatch). */
  public readonly schematic: TerraformResource;
  /** The schematic id the factory returns. */
  public readonly schematicId: string;

  private readonly namePrefix: string;
  private readonly urlSets = new Map<string, TalosImageUrls>();
  private readonly downloads = new Map<string, TerraformResource>();

  constructor(scope: Construct, id: string, props: TalosImageProps) {
    super(scope, id);
    this.spec = props.spec;
    this.key = schematicKey(props.spec);
    this.namePrefix = props.namePrefix;
    const schematic = new ImageFactorySchematic(this, 'schematic', { schematic: schematicYaml(props.spec) });
    schematic.overrideLogicalId(`${props.namePrefix}_${this.key}`);
    this.schematic = schematic;
    this.schematicId = schematic.id;
  }

  /** The URLs for a Talos version, platform and architecture (one data source per distinct combination). */
  public urls(talosVersion: string, platform: ImagePlatform, architecture: Architecture): TalosImageUrls {
    const where = 'sbc' in platform ? platform.sbc : platform.platform;
    const name = `${talosVersion}-${where}-${architecture}`;
    let urls = this.urlSets.get(name);
    if (!urls) {
      const data = new DataTalosImageFactoryUrls(this, name, {
        schematicId: this.schematicId,
        talosVersion,
        architecture,
        ...('sbc' in platform ? { sbc: platform.sbc } : { platform: platform.platform }),
      });
      data.overrideLogicalId(`${this.namePrefix}_${this.key}_${idSafe(name)}`);
      urls = { installer: data.urls.installer, iso: data.urls.iso, diskImage: data.urls.diskImage, dataSource: data };
      this.urlSets.set(name, urls);
    }
    return urls;
  }

  /**
   * The `nocloud` boot ISO on a Proxmox datastore, downloaded once per host and datastore (or once for a shared
   * datastore), with `overwrite = false` so a refresh does not re-check the upstream size.
   * @returns the Proxmox file id (`<datastore>:iso/<file>`)
   */
  public bootIso(talosVersion: string, architecture: Architecture, proxmoxNode: string, datastore: string, sharedDatastore: boolean): string {
    const host = sharedDatastore ? 'shared' : proxmoxNode;
    const name = `${host}-${datastore}-${talosVersion}-${architecture}`;
    let download = this.downloads.get(name);
    if (!download) {
      const urls = this.urls(talosVersion, { platform: 'nocloud' }, architecture);
      const file = new DownloadFile(this, `iso-${name}`, {
        nodeName: proxmoxNode,
        datastoreId: datastore,
        contentType: 'iso',
        url: urls.iso,
        fileName: `talos-${this.key}-${talosVersion}-nocloud-${architecture}.iso`,
        overwrite: false,
      });
      file.overrideLogicalId(`${this.namePrefix}_${idSafe(host)}_${idSafe(datastore)}_${this.key}_${idSafe(talosVersion)}_${architecture}`);
      this.downloads.set(name, file);
      download = file;
    }
    return download.getStringAttribute('id');
  }
}
