import { ClusterDeclaration, resolveNode } from '../../constructs/machine-config/model';
import { renderNode, TalosDocument } from '../../constructs/machine-config/render';
import { KubernetesSettings } from '../../constructs/machine-config/settings';
import {
  ETCD_BACKUP_ROLE, etcdBackupApiAccess, grantedTalosApiAccess, missingTalosApiAccessProblems, renderTalosApiAccess, TALOS_ROLES,
  talosApiAccessProblems,
} from '../../constructs/machine-config/talos-api-access';
import { validateCluster } from '../../constructs/machine-config/validate';
import { ConfigContract, CONFIG_CONTRACTS } from '../../constructs/machine-config/versions';
import { fullDeclaration, TALOS_OF } from '../helpers/fixtures';
import { expectValidDocuments, schemaErrors, talosSchemaFor } from '../helpers/oracle';

const BACKUP = etcdBackupApiAccess('talos-backup');

describe('Talos API access for etcd backups', () => {
  it('grants exactly the backup namespace with role os:etcd:backup, and nothing broader', () => {
    expect(BACKUP).toEqual({ allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] });
    expect(ETCD_BACKUP_ROLE).toBe('os:etcd:backup');
  });

  it('renders the v1alpha1 feature on control planes up to 1.13 (siderolabs/talos v1alpha1 KubernetesTalosAPIAccessConfig)', () => {
    for (const contract of ['1.11', '1.12', '1.13'] as ConfigContract[]) {
      expect(renderTalosApiAccess(BACKUP, contract, 'controlplane')).toEqual({
        v1alpha1: { machine: { features: { kubernetesTalosAPIAccess: { enabled: true, allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] } } } },
        documents: [],
      });
    }
  });

  it('renders the KubeTalosAPIAccessConfig document from 1.14, with no enabled field (its presence enables access)', () => {
    expect(renderTalosApiAccess(BACKUP, '1.14', 'controlplane')).toEqual({
      documents: [{ apiVersion: 'v1alpha1', kind: 'KubeTalosAPIAccessConfig', allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] }],
    });
  });

  it('renders nothing for workers on any contract (Talos allows the setting on control planes only)', () => {
    for (const contract of CONFIG_CONTRACTS) expect(renderTalosApiAccess(BACKUP, contract, 'worker')).toEqual({ documents: [] });
  });

  it('sorts and deduplicates the lists, so declaration order does not change the config', () => {
    const rendered = renderTalosApiAccess({ allowedRoles: ['os:reader', 'os:etcd:backup', 'os:reader'], allowedKubernetesNamespaces: ['b', 'a', 'b'] }, '1.14', 'controlplane');
    expect(rendered.documents[0]).toMatchObject({ allowedRoles: ['os:etcd:backup', 'os:reader'], allowedKubernetesNamespaces: ['a', 'b'] });
  });

  it('reads back what it rendered, for every contract', () => {
    for (const contract of CONFIG_CONTRACTS) {
      const r = renderTalosApiAccess(BACKUP, contract, 'controlplane');
      expect(grantedTalosApiAccess([...(r.v1alpha1 ? [r.v1alpha1] : []), ...r.documents])).toEqual(BACKUP);
    }
    expect(grantedTalosApiAccess([{ machine: { features: { kubernetesTalosAPIAccess: { enabled: false, allowedRoles: ['os:etcd:backup'] } } } }])).toBeUndefined();
    expect(grantedTalosApiAccess([{ apiVersion: 'v1alpha1', kind: 'KubeTalosAPIAccessConfig', $patch: 'delete' }])).toBeUndefined();
    expect(grantedTalosApiAccess([])).toBeUndefined();
  });
});

describe('Talos API access against the official schemas', () => {
  it('validates on every contract', () => {
    for (const contract of CONFIG_CONTRACTS) {
      const r = renderTalosApiAccess(BACKUP, contract, 'controlplane');
      expectValidDocuments([...(r.v1alpha1 ? [r.v1alpha1] : []), ...r.documents], contract);
    }
  });

  it('fails when the v1alpha1 feature is sent to a 1.14 node (the 1.14 schema dropped it: the document replaces it)', () => {
    const legacy = renderTalosApiAccess(BACKUP, '1.13', 'controlplane').v1alpha1 as Record<string, unknown>;
    expect(schemaErrors(legacy, '1.14')).toEqual(['v1alpha1/machine/features must NOT have additional properties {"additionalProperty":"kubernetesTalosAPIAccess"}']);
  });

  it('fails when the 1.14 document is sent to a 1.13 node (the kind does not exist there)', () => {
    const doc = renderTalosApiAccess(BACKUP, '1.14', 'controlplane').documents[0];
    expect(schemaErrors(doc, '1.13')).toEqual(['KubeTalosAPIAccessConfig: no such document kind in the Talos 1.13 schema']);
  });
});

/** The full fixture cluster (control plane talos-m01, worker talos-w01) with extra Kubernetes settings. */
function declaration(contract: ConfigContract, kubernetes: KubernetesSettings, providerSdk: ConfigContract = '1.14'): ClusterDeclaration {
  const base = fullDeclaration(TALOS_OF[contract], { providerSdk });
  return { ...base, kubernetes: { ...base.kubernetes, ...kubernetes } };
}

function rendered(decl: ClusterDeclaration): Record<string, TalosDocument[]> {
  return Object.fromEntries(decl.nodes.map((n) => [n.hostname, renderNode(resolveNode(decl, n)).documents]));
}

describe('the cluster setting kubernetes.etcdBackupAccess, through the renderer', () => {
  const feature = (docs: TalosDocument[]): unknown => (docs.find((d) => d.kind === undefined) as any)?.machine?.features?.kubernetesTalosAPIAccess;
  const accessDocs = (docs: TalosDocument[]): TalosDocument[] => docs.filter((d) => d.kind === 'KubeTalosAPIAccessConfig');

  it.each(['1.11', '1.12', '1.13'] as ConfigContract[])('grants the backup namespace os:etcd:backup on control planes only, as the v1alpha1 feature (contract %s)', (contract) => {
    const docs = rendered(declaration(contract, { etcdBackupAccess: {} }));
    expect(feature(docs['talos-m01'])).toEqual({ enabled: true, allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] });
    expect(accessDocs(docs['talos-m01'])).toEqual([]);
    expect(feature(docs['talos-w01'])).toBeUndefined();
    expect(accessDocs(docs['talos-w01'])).toEqual([]);
  });

  it('grants it with the KubeTalosAPIAccessConfig document on 1.14 with a provider on the 1.14 SDK, and never on workers', () => {
    const docs = rendered(declaration('1.14', { etcdBackupAccess: { namespace: 'etcd-backup' } }));
    expect(accessDocs(docs['talos-m01'])).toEqual([{ apiVersion: 'v1alpha1', kind: 'KubeTalosAPIAccessConfig', allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['etcd-backup'] }]);
    expect(feature(docs['talos-m01'])).toBeUndefined();
    expect(accessDocs(docs['talos-w01'])).toEqual([]);
  });

  it('renders the v1alpha1 feature for a Talos 1.14 node on the pinned provider (SDK 1.13), which 1.14 still accepts', () => {
    const decl = declaration('1.14', { etcdBackupAccess: {} }, '1.13');
    const docs = rendered(decl);
    expect(feature(docs['talos-m01'])).toEqual({ enabled: true, allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] });
    expectValidDocuments(docs['talos-m01'], talosSchemaFor(decl.talosVersion, '1.13'));
  });

  it.each(CONFIG_CONTRACTS)('keeps every document of both nodes valid against the official %s schema', (contract) => {
    const decl = declaration(contract, { etcdBackupAccess: {} });
    expect(validateCluster(decl)).toEqual([]);
    for (const docs of Object.values(rendered(decl))) expectValidDocuments(docs, talosSchemaFor(decl.talosVersion, '1.14'));
  });

  it('renders no access without the setting', () => {
    for (const contract of CONFIG_CONTRACTS) {
      const docs = rendered(declaration(contract, {}));
      expect(Object.values(docs).map((d) => [feature(d), accessDocs(d)])).toEqual([[undefined, []], [undefined, []]]);
    }
  });

  it('is what the platform reads back, from the rendered documents', () => {
    for (const contract of CONFIG_CONTRACTS) {
      const docs = rendered(declaration(contract, { etcdBackupAccess: {} }));
      expect(grantedTalosApiAccess(docs['talos-m01'])).toEqual(BACKUP);
      expect(grantedTalosApiAccess(docs['talos-w01'])).toBeUndefined();
    }
  });

  it('fails when the namespace is not a namespace name', () => {
    expect(validateCluster(declaration('1.13', { etcdBackupAccess: { namespace: 'Talos_Backup' } }))).toEqual([{
      path: 'kubernetes.etcdBackupAccess.namespace',
      message: '\'Talos_Backup\' is not a namespace name: lower-case letters, digits and \'-\', at most 63 characters, like \'talos-backup\'',
    }]);
  });

  it('fails when the namespace is shared with other workloads (kube-system, default, ...)', () => {
    for (const namespace of ['kube-system', 'default', 'kube-public', 'kube-node-lease']) {
      expect(validateCluster(declaration('1.13', { etcdBackupAccess: { namespace } }))).toEqual([{
        path: 'kubernetes.etcdBackupAccess.namespace',
        message: `'${namespace}' is shared with other workloads, and every pod in it could then obtain etcd snapshots (all of the cluster's Secrets): give the backup job a namespace of its own, like 'talos-backup'`,
      }]);
    }
  });

  it('fails when a raw patch sets the v1alpha1 feature on a 1.14 node (the document replaces it; Talos rejects both)', () => {
    const base = declaration('1.14', {});
    const patch = { machine: { features: { kubernetesTalosAPIAccess: { enabled: true, allowedRoles: ['os:etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] } } } };
    const decl = { ...base, controlPlane: { ...base.controlPlane, patches: [patch] } };
    expect(validateCluster(decl)).toEqual([{
      path: 'controlPlane.patches[0]',
      message: 'sets machine.features.kubernetesTalosAPIAccess, which Talos 1.14+ replaced with its own document; node \'talos-m01\' is rendered for Talos 1.14, where it conflicts with or is overridden by that document: use the typed setting kubernetes.etcdBackupAccess (KubeTalosAPIAccessConfig) instead',
    }]);
    // Up to 1.13 the field is the setting itself.
    const legacy = declaration('1.13', {});
    expect(validateCluster({ ...legacy, controlPlane: { ...legacy.controlPlane, patches: [patch] } })).toEqual([]);
  });
});

describe('talosApiAccessProblems', () => {
  it('accepts every Talos role (role.All)', () => {
    expect(talosApiAccessProblems({ allowedRoles: [...TALOS_ROLES], allowedKubernetesNamespaces: ['talos-backup'] }, 'access')).toEqual([]);
  });

  it('fails when a role is not a Talos role, naming the valid ones', () => {
    expect(talosApiAccessProblems({ allowedRoles: ['os:etcd:backup', 'etcd:backup'], allowedKubernetesNamespaces: ['talos-backup'] }, 'access')).toEqual([{
      path: 'access.allowedRoles[1]',
      message: `'etcd:backup' is not a Talos role, and Talos rejects the config: use one of ${TALOS_ROLES.map((r) => `'${r}'`).join(', ')}`,
    }]);
  });

  it('fails when a list is empty or a namespace is not a DNS label', () => {
    expect(talosApiAccessProblems({ allowedRoles: [], allowedKubernetesNamespaces: [] }, 'access').map((p) => `${p.path} ${p.message}`)).toEqual([
      'access.allowedRoles is empty, which blocks all access: name the roles pods may obtain, like [\'os:etcd:backup\']',
      'access.allowedKubernetesNamespaces is empty, so no pod could obtain credentials: name the namespace of the workload, like \'talos-backup\'',
    ]);
    expect(talosApiAccessProblems({ allowedRoles: [ETCD_BACKUP_ROLE], allowedKubernetesNamespaces: ['Talos_Backup'] }, 'access')[0]).toEqual({
      path: 'access.allowedKubernetesNamespaces[0]',
      message: '\'Talos_Backup\' is not a namespace name: lower-case letters, digits and \'-\', like \'talos-backup\'',
    });
  });
});

describe('missingTalosApiAccessProblems', () => {
  const needs = { role: ETCD_BACKUP_ROLE, namespace: 'talos-backup' };

  it('is satisfied when every control plane grants the role to the namespace', () => {
    expect(missingTalosApiAccessProblems([{ hostname: 'cp1', access: BACKUP }, { hostname: 'cp2', access: BACKUP }], needs, 'etcdBackups')).toEqual([]);
  });

  it('fails once for every control plane lacking the same grant, naming them all and the fix the caller gives', () => {
    const cps = ['cp1', 'cp2', 'cp3'].map((hostname) => ({ hostname, access: undefined }));
    expect(missingTalosApiAccessProblems(cps, { ...needs, fix: 'set kubernetes.etcdBackupAccess' }, 'etcdBackups')).toEqual([{
      path: 'etcdBackups',
      message: 'needs Talos API access with role \'os:etcd:backup\' from namespace \'talos-backup\', but control planes \'cp1\', \'cp2\', \'cp3\' do not grant role \'os:etcd:backup\' and namespace \'talos-backup\', so Talos never issues the job its credentials: set kubernetes.etcdBackupAccess',
    }]);
  });

  it('fails when a control plane grants nothing, naming the node and the fix', () => {
    expect(missingTalosApiAccessProblems([{ hostname: 'cp1', access: BACKUP }, { hostname: 'cp2', access: undefined }], needs, 'etcdBackups')).toEqual([{
      path: 'etcdBackups',
      message: 'needs Talos API access with role \'os:etcd:backup\' from namespace \'talos-backup\', but control plane \'cp2\' does not grant role \'os:etcd:backup\' and namespace \'talos-backup\', so Talos never issues the job its credentials: '
        + 'grant it on the cluster\'s control planes (machine.features.kubernetesTalosAPIAccess up to Talos 1.13, KubeTalosAPIAccessConfig from 1.14) for exactly that namespace and role',
    }]);
  });

  it('fails when only the role or only the namespace is missing', () => {
    const wrongNs = missingTalosApiAccessProblems([{ hostname: 'cp1', access: etcdBackupApiAccess('backups') }], needs, 'etcdBackups');
    expect(wrongNs[0].message).toContain('does not grant namespace \'talos-backup\', so');
    const wrongRole = missingTalosApiAccessProblems([{ hostname: 'cp1', access: { allowedRoles: ['os:reader'], allowedKubernetesNamespaces: ['talos-backup'] } }], needs, 'etcdBackups');
    expect(wrongRole[0].message).toContain('does not grant role \'os:etcd:backup\', so');
  });

  it('fails when the cluster has no control plane', () => {
    expect(missingTalosApiAccessProblems([], needs, 'etcdBackups')).toEqual([{ path: 'etcdBackups', message: 'needs Talos API access, and the cluster has no control plane to grant it: add a control plane' }]);
  });
});
