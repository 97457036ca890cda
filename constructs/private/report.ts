/**
 * One report for a whole app. Constructors never throw for bad input: they record what is wrong here (in a registry
 * per app, keyed by the construct tree's root), build what can be built from the rest, and leave the checks that need
 * everything declared (a cluster's nodes, a pool against them) as deferred checks. The first validation that runs at
 * synth, in any stack, computes the report of the whole app: every recorded problem, every deferred check, and every
 * other validation of every construct in the app, deduplicated, in the order of the construct tree; and throws it as
 * one `DeclarationError`. A throw from a validation leaves cdktf's synth as it is (cdktf 0.21 lib/terraform-stack.js
 * `runAllValidations` and lib/app.js `synth` do not catch it), so cdktf adds no advice to it; in particular not the
 * "pass skipValidation: true" it appends to the failures it collects itself (lib/errors.js `stackValidationFailure`).
 * Not part of the public API; `runApp` (constructs/run-app.ts) is the public way to run an app and print the report.
 */
import { App, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DeclarationError, Problem, withoutShadowedRanges } from '../machine-config';

interface Recorded {
  readonly construct: IConstruct;
  readonly problem: Problem;
  /** A range problem: dropped when another problem of the construct names the same field. */
  readonly range: boolean;
}

interface Deferred {
  readonly construct: IConstruct;
  /** Constructs the check reads: it is skipped when one of them could not be built from its props. */
  readonly reads: readonly IConstruct[];
  readonly run: () => readonly Problem[];
}

/** What the app's constructs recorded and left to check. */
class Registry {
  readonly recorded: Recorded[] = [];
  readonly deferred: Deferred[] = [];
  /** Constructs whose props broke the contract: nothing that reads them may run. */
  readonly broken = new WeakSet<IConstruct>();
  readonly watched = new WeakSet<IConstruct>();
  /** Checks of the whole app, by name, each registered once. */
  readonly appChecks = new Map<string, (root: IConstruct) => readonly Problem[]>();
  /** True while the report is computed (the report's own validations then pass). */
  computing = false;
  /** The last report, and what the app held when it was computed (every stack's validation asks for it). */
  cached?: { readonly key: string; readonly error: DeclarationError | undefined };
  /** Bumped by changes the construct count does not show (values added to a release, ...). */
  version = 0;
}

const registries = new WeakMap<IConstruct, Registry>();

/**
 * The app's report. Its message stays as written: cdktf rewrites the message of an error thrown while it resolves a
 * token (`Resolution error: ...`, once per level of nesting; cdktf 0.21 lib/tokens/resolvable.js `resolveToken`), which
 * would garble a report thrown from a lazy value (see {@link guardRecorded}).
 */
class AppReportError extends DeclarationError {
  constructor(problems: readonly Problem[]) {
    super(problems, 'cdktf-talos: the app');
    const text = this.message;
    Object.defineProperty(this, 'message', { get: () => text, set: () => undefined, enumerable: false, configurable: true });
  }
}

function registryOf(scope: IConstruct): Registry {
  const root = scope.node.root;
  let r = registries.get(root);
  if (!r) {
    r = new Registry();
    registries.set(root, r);
    r.appChecks.set('hcl-output', hclOutputProblems);
    // The stacks that exist now are validated before any created later: each gets the report's validation.
    for (const c of root.node.findAll()) if (TerraformStack.isStack(c)) watch(r, c);
  }
  const stack = scope.node.scopes.find((c) => TerraformStack.isStack(c));
  if (stack) watch(r, stack);
  return r;
}

/**
 * The library writes Terraform JSON only. With cdktf's HCL output (`hclOutput` in cdktf.json, `SYNTH_HCL_OUTPUT=true`)
 * cdktf renders each element's `toHclTerraform()` (cdktf 0.21 lib/terraform-stack.js `toHclTerraform`), which the
 * library's own blocks do not implement: the `import`, `removed` and `ephemeral` blocks and the `terraform_data` replacement
 * triggers would be left out, so a node rebuilt or migrated would silently not be configured again.
 */
function hclOutputProblems(root: IConstruct): Problem[] {
  if (!(root instanceof App) || !root.hclOutput) return [];
  return [{ path: 'hclOutput', message: 'is true (hclOutput in cdktf.json, or SYNTH_HCL_OUTPUT=true): cdktf-talos writes Terraform JSON only, and its import, removed and ephemeral blocks and node replacement triggers would be missing from HCL; remove hclOutput (Terraform reads the JSON as it reads HCL)' }];
}

function watch(r: Registry, stack: IConstruct): void {
  if (r.watched.has(stack)) return;
  r.watched.add(stack);
  stack.node.addValidation({
    validate: () => {
      if (r.computing) return [];
      const error = appReport(stack);
      if (error) throw error;
      return [];
    },
  });
}

/** Records problems of a construct's input; `ranges` are dropped where another problem names the same field. */
export function recordProblems(scope: IConstruct, problems: readonly Problem[], ranges: readonly Problem[] = []): void {
  const r = registryOf(scope);
  for (const problem of problems) r.recorded.push({ construct: scope, problem, range: false });
  for (const problem of ranges) r.recorded.push({ construct: scope, problem, range: true });
}

/** Marks a construct as built from substitutes: checks that read it are skipped (its recorded problems say why). */
export function markBroken(scope: IConstruct): void {
  registryOf(scope).broken.add(scope);
}

/** True when the construct's props broke the contract (see {@link markBroken}). */
export function isBroken(scope: IConstruct): boolean {
  return registries.get(scope.node.root)?.broken.has(scope) === true;
}

/**
 * A check that needs everything declared, run when the report is computed: skipped when the construct or one it
 * reads is broken.
 */
export function deferCheck(scope: IConstruct, run: () => readonly Problem[], reads: readonly IConstruct[] = []): void {
  registryOf(scope).deferred.push({ construct: scope, reads, run });
}

/** Says that something a deferred check reads has changed (values, needs, manifests added to a release). */
export function touch(scope: IConstruct): void {
  const r = registries.get(scope.node.root);
  if (r) r.version += 1;
}

/**
 * A check of the whole app, registered once under its name (by the first construct that needs it). Its problems name
 * their construct (`Problem.construct`, a path); they are reported there.
 */
export function deferAppCheck(scope: IConstruct, name: string, run: (root: IConstruct) => readonly Problem[]): void {
  const r = registryOf(scope);
  if (!r.appChecks.has(name)) r.appChecks.set(name, run);
}

/**
 * Throws the app's report when a construct recorded a problem: called by the library's lazy values, so that stand-ins
 * are never written out, even when an app skips validations (`skipValidation: true`). Free when nothing was recorded.
 */
export function guardRecorded(scope: IConstruct): void {
  const r = registries.get(scope.node.root);
  if (r === undefined || r.recorded.length === 0 || r.computing) return;
  const error = appReport(scope);
  if (error) throw error;
}

/** Adds the report's validation to the construct's stack (every construct of the library does, when created). */
export function watchApp(scope: IConstruct): void {
  registryOf(scope);
}

/**
 * The report of the whole app the construct belongs to, or undefined when it has no problem: recorded problems,
 * deferred checks, and every other validation of the app's constructs.
 */
export function appReport(scope: IConstruct): DeclarationError | undefined {
  const root = scope.node.root;
  const r = registries.get(root) ?? new Registry();
  if (r.computing) return undefined;
  const all = root.node.findAll();
  // The same app gives the same report: every stack's validation asks, and is answered from the first computation.
  const key = `${all.length}:${r.recorded.length}:${r.deferred.length}:${r.appChecks.size}:${r.version}`;
  if (r.cached?.key === key) return r.cached.error;
  r.computing = true;
  try {
    const found: Array<{ construct: IConstruct; problem: Problem; range: boolean }> = [...r.recorded];
    // A construct built from stand-ins, or under one, or a construct a check reads that is: its checks would judge
    // the stand-ins.
    const broken = (c: IConstruct): boolean => c.node.scopes.some((s) => r.broken.has(s));
    for (const d of r.deferred) {
      if (broken(d.construct) || d.reads.some(broken)) continue;
      for (const problem of d.run()) found.push({ construct: d.construct, problem, range: false });
    }
    const order = new Map<IConstruct, number>();
    const byPath = new Map(all.map((c) => [c.node.path, c]));
    for (const run of r.appChecks.values()) {
      for (const problem of run(root)) {
        const { construct, ...rest } = problem;
        found.push({ construct: (construct !== undefined ? byPath.get(construct) : undefined) ?? root, problem: rest, range: false });
      }
    }
    all.forEach((c, i) => {
      order.set(c, i);
      // Every other validation in the app (cdktf's own, the user's): one report holds them all.
      for (const message of c.node.validate()) found.push({ construct: c, problem: { path: '', message }, range: false });
    });
    // Range problems give way to a rule of the field's own.
    const others = found.filter((f) => !f.range);
    const kept = found.filter((f) => !f.range
      || withoutShadowedRanges([f.problem], others.filter((o) => o.construct === f.construct).map((o) => o.problem)).length > 0);
    const seen = new Set<string>();
    const problems = kept
      .map((f, i) => ({ ...f, i }))
      .sort((a, b) => (order.get(a.construct) ?? -1) - (order.get(b.construct) ?? -1) || a.i - b.i)
      .map((f) => ({ ...f.problem, construct: f.construct.node.path || '(app)' }))
      .filter((p) => {
        const key = `${p.construct}\u0000${p.path}\u0000${p.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    const error = problems.length > 0 ? new AppReportError(problems) : undefined;
    r.cached = { key, error };
    return error;
  } finally {
    r.computing = false;
  }
}

/**
 * Where a construct is created: `scope` must be a construct inside a `TerraformStack` (or the library cannot record
 * anything, and throws its own error), and `id` a non-empty string no sibling has. A bad id is replaced by a free one
 * and reported.
 */
export function placement(scope: unknown, id: unknown, what: string): { scope: Construct; id: string; problems: Problem[] } {
  if (!Construct.isConstruct(scope)) {
    throw new DeclarationError([{ path: 'scope', message: `is not a construct: create the ${what} inside a TerraformStack, like new ${what}(stack, 'name', { ... })` }], what);
  }
  if (!scope.node.scopes.some((c) => TerraformStack.isStack(c)) || !App.isApp(scope.node.root)) {
    throw new DeclarationError([{ path: 'scope', message: `'${scope.node.path}' is not inside a TerraformStack of an App: create the ${what} in a stack, like new ${what}(stack, 'name', { ... })` }], what);
  }
  const problems: Problem[] = [];
  let chosen: string | undefined;
  if (typeof id !== 'string' || id.trim() === '') {
    problems.push({ path: 'id', message: `${typeof id === 'string' ? `'${id}'` : String(id)} is not a name: give the ${what} a non-empty id, like 'homelab'` });
  } else if (/\$\{|#\{|Token\[/.test(id)) {
    problems.push({ path: 'id', message: `'${id}' holds a Terraform token: construct ids are known when the code runs; use a plain name` });
  } else if (scope.node.tryFindChild(id.replace(/\//g, '--')) !== undefined) {
    problems.push({ path: 'id', message: `'${id}' is already the id of another construct in '${scope.node.path || 'the app'}': give each its own id` });
  } else {
    chosen = id;
  }
  return { scope, id: chosen ?? freeId(scope, 'invalid-id'), problems };
}

/** An id no child of the scope has: `wanted`, else `wanted-2`, `wanted-3`, ... */
export function freeId(scope: IConstruct, wanted: string): string {
  const base = wanted.replace(/\//g, '--');
  if (base !== '' && scope.node.tryFindChild(base) === undefined) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base || 'unnamed'}-${n}`;
    if (scope.node.tryFindChild(candidate) === undefined) return candidate;
  }
}

const admitted = new WeakSet<object>();

/** Marks props as checked already (by the factory that builds them), so the constructor does not check them again. */
export function admit<T extends object>(props: T): T {
  admitted.add(props);
  return props;
}

/** True for props a factory checked (see {@link admit}). */
export function wasAdmitted(props: unknown): boolean {
  return typeof props === 'object' && props !== null && admitted.has(props);
}

/** An object's own value, or undefined for anything that is not an object (props as a JavaScript caller may pass them). */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
