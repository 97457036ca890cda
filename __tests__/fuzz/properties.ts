/**
 * Property-based checks of the whole pipeline, shared by the test suite (a few hundred cases) and `npm run fuzz`
 * (ten thousand).
 */
import { App, Testing, TerraformStack } from 'cdktf';
import * as fc from 'fast-check';
import { TalosCluster } from '../../constructs';
import { ClusterDeclaration, resolveNode } from '../../constructs/machine-config/model';
import { renderNode } from '../../constructs/machine-config/render';
import { validateCluster } from '../../constructs/machine-config/validate';
import { DeclarationError, formatProblem } from '../../constructs/machine-config/problems';
import { PROVIDER_SDK, schemaErrors, talosSchemaFor } from '../helpers/oracle';
import { breakages, clusterArb } from './arbitraries';

/** Builds the cluster of a declaration with the constructs, in a fresh stack. */
export function buildStack(decl: ClusterDeclaration): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'fuzz');
  const cluster = new TalosCluster(stack, 'c', {
    clusterName: decl.clusterName,
    talosVersion: decl.talosVersion,
    kubernetesVersion: decl.kubernetesVersion,
    endpoint: decl.endpoint,
    vip: decl.vip,
    network: decl.network,
    kubernetes: decl.kubernetes,
    nodeDefaults: decl.nodeDefaults,
    controlPlane: decl.controlPlane,
    worker: decl.worker,
    allowEvenControlPlanes: decl.allowEvenControlPlanes,
    providerLine: decl.providerSdk === '1.14' ? '0.12' : '0.11',
    firstContact: decl.firstContact,
  });
  for (const n of decl.nodes) {
    const options = { hostname: n.hostname, links: n.links, address: n.address, talosVersion: n.talosVersion, ...n.settings };
    if (n.role === 'controlplane') cluster.addControlPlane(options);
    else cluster.addWorker(options);
  }
  return stack;
}

/** Valid declarations validate cleanly, render deterministically, and every document passes its schema. */
export const validRenders = fc.property(clusterArb, (decl) => {
  const problems = validateCluster(decl).map(formatProblem);
  if (problems.length > 0) throw new Error(`valid declaration rejected:\n${problems.join('\n')}`);
  for (const node of decl.nodes) {
    const resolved = resolveNode(decl, node);
    const first = renderNode(resolved);
    const again = renderNode(resolveNode(decl, node));
    if (JSON.stringify(first) !== JSON.stringify(again)) throw new Error(`${node.hostname}: rendering is not deterministic`);
    const schema = talosSchemaFor(node.talosVersion ?? decl.talosVersion, decl.providerSdk ?? PROVIDER_SDK);
    const errors = first.documents.flatMap((d) => schemaErrors(d, schema));
    if (errors.length > 0) throw new Error(`${node.hostname} (Talos ${schema} schema): ${errors.join('; ')}`);
  }
});

/** Valid declarations synthesize through the constructs, byte-identically twice. */
export const validSynthesizes = fc.property(clusterArb, (decl) => {
  const first = Testing.synth(buildStack(decl), true);
  const second = Testing.synth(buildStack(decl), true);
  if (first !== second) throw new Error('synthesis is not deterministic');
  if (/PRIVATE KEY/.test(first)) throw new Error('a private key reached the synthesized JSON');
});

const garbageArb = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/\d\.\d/.test(s) && !s.includes('${') && !s.includes('/'));

/**
 * Broken declarations (one to three breakages of distinct classes) always produce the library's own problems,
 * naming the broken field, never another exception.
 */
export const brokenReported = fc.property(
  clusterArb, garbageArb, fc.nat(), fc.uniqueArray(fc.nat({ max: 23 }), { minLength: 1, maxLength: 3 }),
  (decl, garbage, index, picks) => {
    const all = breakages(garbage, index);
    const chosen = picks.map((p) => all[p % all.length]).filter((b, i, arr) => b.group === undefined || arr.findIndex((o) => o.group === b.group) === i);
    const broken = chosen.reduce((d, b) => b.apply(d), decl);
    let problems: string[];
    try {
      problems = validateCluster(broken).map(formatProblem);
    } catch (err) {
      throw new Error(`validation threw instead of reporting (${chosen.map((b) => b.name).join(', ')}): ${(err as Error).stack}`);
    }
    // Alone, a breakage must be reported at its field; combined, breakages can mask each other (an unparseable
    // address cannot also be in the DHCP range), but something must still be reported.
    const missing = chosen.filter((b) => !problems.some((p) => p.includes(b.expect)));
    if (chosen.length === 1 ? missing.length > 0 : problems.length === 0) {
      throw new Error(`breakage '${missing.map((b) => b.name).join(', ') || chosen[0].name}' not reported (expected '${chosen.map((b) => b.expect).join("', '")}'); got:\n${problems.join('\n')}`);
    }
  },
);

/** Broken declarations fail synthesis with the validation error, not a crash deep inside cdktf. */
export const brokenSynthFails = fc.property(clusterArb, garbageArb, fc.nat(), fc.nat({ max: 23 }), (decl, garbage, index, pick) => {
  const all = breakages(garbage, index);
  const broken = all[pick % all.length].apply(decl);
  let error: unknown;
  try {
    Testing.synth(buildStack(broken), true);
  } catch (err) {
    error = err;
  }
  if (error === undefined) throw new Error(`'${all[pick % all.length].name}' synthesized`);
  if (!(error instanceof DeclarationError)) throw new Error(`'${all[pick % all.length].name}' failed outside validation: ${(error as Error).stack}`);
});
