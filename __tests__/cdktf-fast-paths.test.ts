/**
 * scripts/cdktf-fast-paths.cjs against the cdktf code each fast path shortcuts: the patched module and the installed
 * one resolve (and write) every generated value alike, tokens of every kind, nested and misplaced, included. The
 * oracle is cdktf's own code, loaded unpatched beside the patched copy; nothing here comes from the fast paths.
 * The example stacks written both ways are compared byte for byte in run-app.slow.test.ts.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { App, DefaultTokenResolver, Fn, IResolveContext, Lazy, StringConcat, TerraformIterator, TerraformLocal, TerraformStack, TerraformVariable, Token } from 'cdktf';

interface FastPaths {
  patchResolve(text: string, encodingText: string): string | undefined;
  patchStableStringify(text: string): string | undefined;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fastPaths = require('../scripts/cdktf-fast-paths.cjs') as FastPaths;

type Resolve = (obj: unknown, options: object) => unknown;
type Stringify = (obj: unknown, opts?: unknown) => string;

const tokensDir = path.dirname(require.resolve('cdktf/lib/tokens/private/resolve.js'));
const resolveText = fs.readFileSync(path.join(tokensDir, 'resolve.js'), 'utf8');
const encodingText = fs.readFileSync(path.join(tokensDir, 'encoding.js'), 'utf8');
// cdktf 0.21 writes its JSON with json-stable-stringify; cdktn (installed as 'cdktf' by .ci/cdktn) with another writer.
const onCdktn = (require('cdktf/package.json') as { name: string }).name === 'cdktn';
const synthesizerText = fs.readFileSync(path.join(tokensDir, '..', '..', 'synthesize', 'synthesizer.js'), 'utf8');
const stringifyFile = onCdktn ? undefined : createRequire(require.resolve('cdktf')).resolve('json-stable-stringify');
const stringifyText = stringifyFile === undefined ? '' : fs.readFileSync(stringifyFile, 'utf8');

/** Evaluates a module's text as node would, its relative requires served from `dir` by jest's registry. */
function load<T>(text: string, requireFrom: (id: string) => unknown): T {
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('exports', 'require', 'module', text)(module.exports, requireFrom, module);
  return module.exports as T;
}

const original = require(path.join(tokensDir, 'resolve.js')) as { resolve: Resolve };
const patched = load<{ resolve: Resolve }>(fastPaths.patchResolve(resolveText, encodingText)!, (id) => require(path.join(tokensDir, id)));
const stringifyRequire = stringifyFile === undefined ? undefined : createRequire(stringifyFile);
const originalStringify = (stringifyFile === undefined ? undefined : stringifyRequire!(stringifyFile)) as Stringify;
const patchedStringify = (stringifyFile === undefined ? undefined : load<Stringify>(fastPaths.patchStableStringify(stringifyText)!, stringifyRequire!)) as Stringify;
const onCdktf = onCdktn ? it.skip : it;

const SEED = Number(process.env.FUZZ_SEED ?? 2_711_2026);
const runs = (n: number): fc.Parameters<unknown> => ({ numRuns: Number(process.env.FUZZ_RUNS ?? n), seed: SEED });

/** What a call gave: its value or the message it threw, and what it warned about (cdktf warns of escapes). */
function outcome(fn: () => unknown): { value?: unknown; error?: string; warnings: unknown[][] } {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return { value: fn(), warnings: warn.mock.calls };
  } catch (err) {
    return { error: err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err), warnings: warn.mock.calls };
  } finally {
    warn.mockRestore();
  }
}

describe('the fast paths apply to the installed cdktf', () => {
  it('patches resolve.js as installed (an upgrade that changes it fails here)', () => {
    expect(fastPaths.patchResolve(resolveText, encodingText)).toContain('function talosResolveSlow(obj, options) {');
  });

  onCdktf('patches json-stable-stringify 1.3.0, which cdktf writes each stack with', () => {
    expect(synthesizerText).toContain('require("json-stable-stringify")');
    expect(fastPaths.patchStableStringify(stringifyText)).toContain('function talosStableStringify(obj)');
  });

  (onCdktn ? it : it.skip)('on cdktn, finds no json-stable-stringify to patch: cdktn writes with another library', () => {
    expect(synthesizerText).not.toContain('json-stable-stringify');
  });

  it('leaves a resolve.js or encoding.js it was not written for as it is', () => {
    expect(fastPaths.patchResolve(resolveText.replace('prefix.length > 200', 'prefix.length > 300'), encodingText)).toBeUndefined();
    expect(fastPaths.patchResolve(resolveText, encodingText.replace('"${TfToken["', '"${Tok["'))).toBeUndefined();
    expect(fastPaths.patchResolve(resolveText, encodingText.replace('(e[-|', '(E[-|'))).toBeUndefined();
    expect(fastPaths.patchStableStringify(`${stringifyText}\n// changed\n`)).toBeUndefined();
    expect(fastPaths.patchStableStringify('')).toBeUndefined();
  });

  it('takes a resolve.js that differs only in its source map (cdktn 0.24.0 ships cdktf 0.21.0\'s code)', () => {
    const remapped = resolveText.replace(/\/\/# sourceMappingURL=\S+\s*$/, '//# sourceMappingURL=data:application/json;base64,e30=\n');
    expect(remapped).not.toBe(resolveText);
    expect(fastPaths.patchResolve(remapped, encodingText)).toBeDefined();
  });
});

describe('resolve with the fast path', () => {
  const app = new App();
  const stack = new TerraformStack(app, 'fast-paths');
  const variable = new TerraformVariable(stack, 'v', {});
  const local = new TerraformLocal(stack, 'l', { a: 1 });
  const iterator = TerraformIterator.fromList(variable.listValue);
  const options = (preparing: boolean): object => ({ scope: stack, prefix: [], resolver: new DefaultTokenResolver(new StringConcat()), preparing });

  /** Strings cdktf treats specially: map-token values, token numbers' text, markers and escapes, unknown tokens. */
  const specialString = fc.constantFrom(
    'String Map Token Value', 'Any Map Token Value', '1e5', '-e-', '2.5e+10', 'x-1.5e-3y', '10.0.0.1', 'v1.13.9',
    '${TfToken[TOKEN.99999999]}', '#{TfToken[TOKEN.99999999]}', '&{TfToken[TOKEN.99999999]}', '{TfToken[', '${', '}',
    '$${x}', '${var.x}', 'a ${b} c', '', '__proto__',
  );
  const plainLeaf = fc.oneof(
    fc.string(), specialString, fc.double(), fc.integer(), fc.constantFrom(-0, Token.NUMBER_MAP_TOKEN_VALUE, NaN, Infinity),
    fc.boolean(), fc.constant(undefined), fc.constant(null), fc.constant(new Date(0)), fc.bigInt({ min: -9n, max: 9n }),
  );
  const key = fc.oneof(fc.string({ maxLength: 6 }), specialString);

  const { value } = fc.letrec<{ value: unknown; token: unknown; stringToken: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
      plainLeaf,
      tie('token'),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.sparseArray(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      fc.tuple(tie('stringToken'), tie('value')).map(([k, v]) => ({ [k]: v })),
    ),
    stringToken: fc.oneof(
      fc.string().map((s) => Lazy.stringValue({ produce: () => s })),
      fc.constant(variable.stringValue),
      fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom(variable.stringValue, Token.asString(local.expression)), fc.string({ maxLength: 4 })).map(([a, t, b]) => `${a}${t}${b}`),
      // A number token written into a string: its text is a double such as -1.8881545897087626e+289.
      fc.tuple(fc.string({ maxLength: 4 }), fc.double()).map(([a, n]) => `${a}${Token.asNumber(Lazy.numberValue({ produce: () => n }))}`),
    ),
    token: fc.oneof(
      tie('stringToken'),
      tie('value').map((v) => Lazy.anyValue({ produce: () => v })),
      tie('value').map((v) => Token.asString(Lazy.anyValue({ produce: () => v }))),
      fc.double().map((n) => Token.asNumber(Lazy.numberValue({ produce: () => n }))),
      fc.array(fc.string(), { maxLength: 3 }).map((l) => Token.asList(Lazy.listValue({ produce: () => l }))),
      fc.array(fc.string(), { maxLength: 3 }).map((l) => [`#{TfToken[${l.length}]}`, ...l]),
      fc.array(fc.double(), { maxLength: 3 }).map((l) => [...Token.asNumberList(Lazy.anyValue({ produce: () => l })), ...l]),
      tie('value').map((v) => Token.asStringMap(Lazy.anyValue({ produce: () => v }))),
      tie('value').map((v) => Fn.jsonencode(v)),
      fc.array(fc.oneof(fc.string(), tie('stringToken')), { maxLength: 3 }).map((l) => Fn.join(',', l)),
      fc.constantFrom(variable.numberValue, variable.listValue, local.expression, local.asString, local.asNumber),
      // A for expression: cdktf resolves its content with a context that says so, which the iterator's values read
      // however deep they sit (cdktf lib/terraform-dynamic-expression.js).
      tie('value').map((v) => iterator.dynamic({ a: { b: [iterator.getString('name')], c: v } })),
      // A token that sets the context's flags, as that expression and cdktf's function calls do, and resolves plain
      // values through it: the values nested in them must see the flags (here an iterator's value, and escapes).
      fc.tuple(tie('value'), fc.constantFrom('FOR_EXPRESSION', 'DYNAMIC_BLOCK', undefined), fc.boolean(), fc.boolean(), fc.boolean()).map(([v, iteratorContext, suppressBraces, ignoreEscapes, warnEscapes]) => {
        const content = { a: { b: [iterator.getString('name'), { c: iterator.key }], d: `$\{${variable.stringValue}}` }, e: v };
        return {
          resolve: (context: IResolveContext): unknown => {
            Object.assign(context, { iteratorContext, suppressBraces, ignoreEscapes, warnEscapes });
            return context.resolve(content);
          },
        };
      }),
    ),
  }));

  it.each([false, true])('gives what cdktf gives, or throws what cdktf throws (preparing: %s)', (preparing) => {
    fc.assert(fc.property(value, (v) => {
      expect(outcome(() => patched.resolve(v, options(preparing)))).toStrictEqual(outcome(() => original.resolve(v, options(preparing))));
    }), runs(400));
  });

  it('hands a value nested deeper than cdktf allows to cdktf, which refuses it at the same depth', () => {
    const nest = (depth: number): unknown => {
      let v: unknown = 'leaf';
      for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { k: v } : [v];
      return v;
    };
    for (const depth of [199, 200, 201, 202]) {
      const fast = outcome(() => patched.resolve(nest(depth), options(false)));
      expect(fast).toStrictEqual(outcome(() => original.resolve(nest(depth), options(false))));
      expect(fast.error !== undefined).toBe(depth > 200);
    }
  });

  it('refuses a construct and a function as cdktf does, naming the path', () => {
    for (const v of [{ a: [1, { b: stack }] }, { a: { b: () => 1 } }]) {
      const fast = outcome(() => patched.resolve(v, options(false)));
      expect(fast).toStrictEqual(outcome(() => original.resolve(v, options(false))));
      expect(fast.error).toContain('/a/');
    }
  });
});

(onCdktn ? describe.skip : describe)('json-stable-stringify with the fast path', () => {
  const json = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' },
      fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(new Date(0)),
      fc.constant(() => 1), fc.constant({}), fc.constant([]),
      fc.array(tie('value'), { maxLength: 4 }), fc.sparseArray(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
      tie('value').map((v) => ({ toJSON: () => v })),
    ),
  })).value;

  it('writes what the original writes with cdktf\'s options', () => {
    fc.assert(fc.property(json, (v) => {
      expect(outcome(() => patchedStringify(v, { space: 2 }))).toStrictEqual(outcome(() => originalStringify(v, { space: 2 })));
    }), runs(1000));
  });

  it('refuses a cycle as the original does, and takes the original for any other options', () => {
    const cyclic: Record<string, unknown> = { a: [1] };
    cyclic.b = { c: cyclic };
    expect(outcome(() => patchedStringify(cyclic, { space: 2 }))).toStrictEqual(outcome(() => originalStringify(cyclic, { space: 2 })));
    expect(outcome(() => patchedStringify(cyclic, { space: 2 })).error).toContain('circular');
    const value = { b: [], a: { d: 1, c: [2, {}] } };
    for (const opts of [undefined, { space: 4 }, { space: '  ' }, { space: 2, cycles: true }, { space: 2, collapseEmpty: true }, { space: 2, cmp: (a: { key: string }, b: { key: string }) => (a.key < b.key ? 1 : -1) }]) {
      expect(patchedStringify(value, opts)).toBe(originalStringify(value, opts));
    }
    expect(patchedStringify(value, { space: 2, collapseEmpty: true })).not.toBe(patchedStringify(value, { space: 2 }));
  });
});
