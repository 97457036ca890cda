/**
 * A Kubernetes Secret created from sensitive references (`kubernetes_secret_v1`): how the platform hands credentials
 * to workloads without writing them into the synthesized JSON or into Helm values.
 *
 * The Kubernetes provider marks `data` sensitive, so plans show it as `(sensitive value)`, and the JSON holds only the
 * references (`${var.s3_secret_access_key}`). Helm values would not do: `helm_release.values` is shown in clear in the
 * plan and stored in the release's Secret in the cluster.
 */
import type { TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import type { KubernetesNamespace } from '../kubernetes-namespace';
import type { SensitiveSecret } from '../platform-config';
import { SecretV1 } from './providers';
import { idSafe } from './util';

/** Creates the Secret in its namespace (created by the platform), after the namespace. */
export function createSensitiveSecret(scope: Construct, id: string, secret: SensitiveSecret, namespace: KubernetesNamespace): TerraformResource {
  const data = { ...(secret.data ?? {}), ...secret.sensitiveData };
  const resource = new SecretV1(scope, id, {
    metadata: {
      name: secret.name,
      namespace: secret.namespace,
      ...(secret.labels !== undefined ? { labels: { ...secret.labels } } : {}),
    },
    data: Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]])),
    dependsOn: [namespace.resource],
  });
  resource.overrideLogicalId(`${idSafe(secret.namespace)}_${idSafe(secret.name)}`);
  return resource;
}
