import { TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { IPlatformComponent } from './helm-release';
import { ETCD_BACKUP_ROLE, formatProblem, grantedTalosApiAccess, missingTalosApiAccessProblems, renderNode, resolveNode } from './machine-config';
import { ManifestsRelease } from './manifests-release';
import {
  backupCredentialsSecret, BACKUP_JOB_NAME, BACKUP_POD_SECURITY, containsToken, DEFAULT_BACKUP_NAMESPACE, DEFAULT_BACKUP_SCHEDULE, EtcdBackupOptions,
  etcdBackupProblems, renderEtcdBackupResources, talosServiceAccountCrdProbe,
} from './platform-config';
import type { PlatformContext } from './private/platform-context';
import { recordProblems } from './private/report';
import { createSensitiveSecret } from './private/sensitive-secret';

/** Props of {@link EtcdBackups}: created by `platform.addEtcdBackups()`. */
export interface EtcdBackupsProps extends EtcdBackupOptions {
  /** The platform the backups belong to (its cluster, namespaces, the CNI to wait for). */
  readonly context: PlatformContext;
}

/**
 * Scheduled etcd snapshots with siderolabs/talos-backup: a CronJob that takes a snapshot through the Talos API,
 * encrypts it to an age recipient and uploads it to S3-compatible storage.
 *
 * The platform creates the namespace (Pod Security `restricted`: the job needs no host access), the S3 credentials
 * Secret when they are given as sensitive references (never as Helm values), a hook that waits until Talos serves its
 * `ServiceAccount` kind, and one release holding the Talos `ServiceAccount` (role `os:etcd:backup`, answered by Talos
 * with a Secret holding the job's talosconfig) and the CronJob. The cluster's control planes must grant that access:
 * `kubernetes: { etcdBackupAccess: { namespace } }` on the cluster; the synth fails, naming the fix, when they do not.
 *
 * @example
 * platform.addEtcdBackups({
 *   s3: { bucket: 'talos-backups', region: 'us-east-1', endpoint: 'https://s3.home.arpa' },
 *   credentials: S3Credentials.fromSecret('talos-backup-s3'),
 *   ageRecipient: 'age1...',
 * });
 */
export class EtcdBackups extends Construct implements IPlatformComponent {
  /** The namespace the job runs in (the one the cluster grants Talos API access). */
  public readonly namespace: string;
  /** The CronJob's schedule. */
  public readonly schedule: string;
  /** The release holding the Talos `ServiceAccount` and the CronJob (escape hatch). */
  public readonly release: ManifestsRelease;
  /** The release whose hook waits for Talos' `ServiceAccount` kind (escape hatch). */
  public readonly crdProbe: ManifestsRelease;
  /** The S3 credentials Secret, when the platform creates it from sensitive references (`kubernetes_secret_v1`). */
  public readonly credentialsSecret?: TerraformResource;

  /**
   * Created by `platform.addEtcdBackups()`, which pass the platform's context.
   * @internal
   */
  public static _create(scope: Construct, id: string, props: EtcdBackupsProps): EtcdBackups {
    return new EtcdBackups(scope, id, props);
  }

  private constructor(scope: Construct, id: string, props: EtcdBackupsProps) {
    const { context, ...options } = props;
    const cluster = context.cluster;
    const problems = etcdBackupProblems(options, { path: 'etcdBackups', clusterName: cluster.clusterName, isUnresolved: (v) => Token.isUnresolved(v) || containsToken(v) });
    super(scope, id);
    recordProblems(this, problems);
    this.namespace = options.namespace ?? DEFAULT_BACKUP_NAMESPACE;
    this.schedule = options.schedule ?? DEFAULT_BACKUP_SCHEDULE;

    const namespace = context.namespace({ name: this.namespace, podSecurity: BACKUP_POD_SECURITY });
    const secret = backupCredentialsSecret(options);
    if (secret) this.credentialsSecret = createSensitiveSecret(this, 'credentials', secret, namespace);

    const probeName = `${BACKUP_JOB_NAME}-wait-for-crd`;
    this.crdProbe = ManifestsRelease._create(this, 'crd-probe', {
      context,
      name: probeName,
      namespace: this.namespace,
      podSecurity: BACKUP_POD_SECURITY,
      manifests: talosServiceAccountCrdProbe(probeName, cluster.declaration.kubernetesVersion, this.namespace),
    });
    const credentials = this.credentialsSecret;
    this.release = ManifestsRelease._create(this, 'resources', {
      context,
      name: BACKUP_JOB_NAME,
      namespace: this.namespace,
      podSecurity: BACKUP_POD_SECURITY,
      manifests: renderEtcdBackupResources(options, cluster.clusterName),
      needs: [this.crdProbe, ...(credentials ? [{ releaseResources: [credentials] }] : [])],
    });

    // Checked once everything is declared: control planes may be added to the cluster after the platform.
    this.node.addValidation({
      validate: () => {
        const decl = cluster.declaration;
        const controlPlanes = decl.nodes.filter((n) => n.role === 'controlplane').map((n) => ({
          hostname: n.hostname,
          access: grantedTalosApiAccess(renderNode(resolveNode(decl, n)).documents),
        }));
        const fix = `set kubernetes: { etcdBackupAccess: { namespace: '${this.namespace}' } } on cluster '${cluster.clusterName}' (it grants exactly that namespace the role, on the control planes), deploy the cluster stack, then this one`;
        return missingTalosApiAccessProblems(controlPlanes, { role: ETCD_BACKUP_ROLE, namespace: this.namespace, fix }, 'etcdBackups').map(formatProblem);
      },
    });
  }

  /** The releases that create the job: whatever needs the backups waits for them. */
  public get releaseResources(): readonly TerraformResource[] {
    return [...this.crdProbe.releaseResources, ...this.release.releaseResources];
  }
}
