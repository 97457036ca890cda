/** Rules that depend on a node's config contract: document kinds it knows, legacy fields in raw patches. */
import { parse as parseYaml } from 'yaml';
import { kindAvailable, kindIntroducedIn, LEGACY_FIELDS } from '../kinds';
import { ClusterDeclaration, NodeDeclaration, settingLevels } from '../model';
import { atLeast, ConfigContract, PROVIDER_TALOS_SDK } from '../versions';
import { q, Collector } from './collector';

/** Checks that depend on the node's config contract: document kinds it knows, legacy fields in raw patches. */
export function validateForContract(c: Collector, decl: ClusterDeclaration, node: NodeDeclaration, contract: ConfigContract): void {
  for (const [path, s] of settingLevels(decl, node)) {
    (s.extraDocuments ?? []).forEach((doc, i) => {
      if (typeof doc.kind === 'string' && kindIntroducedIn(doc.kind) !== undefined && !kindAvailable(doc.kind, contract)) {
        c.add(`${path}.extraDocuments[${i}].kind`, `${q(doc.kind)} needs Talos ${kindIntroducedIn(doc.kind)}, but node '${node.hostname}' is rendered for Talos ${contract} (its Talos version, capped by the provider's SDK ${decl.providerSdk ?? PROVIDER_TALOS_SDK}): the provider would fail with "not registered"; express it with a setting of this version`);
      }
    });
    (s.patches ?? []).forEach((patch, i) => {
      let parsed: unknown = patch;
      if (typeof patch === 'string') {
        try { parsed = parseYaml(patch); } catch { return; }
      }
      for (const field of LEGACY_FIELDS) {
        if (atLeast(contract, field.replacedIn) && hasPath(parsed, field.path)) {
          c.add(`${path}.patches[${i}]`, `sets ${field.path}, which Talos ${field.replacedIn}+ replaced with its own document; node '${node.hostname}' is rendered for Talos ${contract}, where it conflicts with or is overridden by that document: use the typed setting ${field.use} instead`);
        }
      }
    });
  }
}

export function hasPath(value: unknown, path: string): boolean {
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in (node as Record<string, unknown>))) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
