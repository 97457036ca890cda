/**
 * `npm run contract`: generates the runtime contract of the public boundary from the TypeScript types, with
 * ts-json-schema-generator, into the committed schema files the library checks values against with Ajv:
 * - constructs/machine-config/contract.schema.json from `CoreContractRoots` (constructs/machine-config/contract.ts);
 * - constructs/private/contract.schema.json from `ConstructContractRoots` (constructs/private/contract.ts).
 * `npm run contract -- --check` fails when a committed file differs from what the types give (a test runs it too).
 *
 * Beyond the types, the generator writes down three conventions of the library (see contract.ts):
 * - constructs, stacks, resources, interfaces of constructs and functions are checked by `instanceOf` (their own
 *   fields are the library's, not the caller's); so are value classes (`InstallDisk`, ...), whose fields are checked too;
 * - every field declared as a number gets `rangeOf`: a whole number from 0 to 2^53-1;
 * - objects take only the fields their type declares (`additionalProperties: false`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv, { _, KeywordCxt } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import ts from 'typescript';
import {
  BaseType, CompletedConfig, Context, DEFAULT_CONFIG, createFormatter, createParser, createProgram, Definition, ReferenceType, SchemaGenerator, SubNodeParser,
  SubTypeFormatter,
} from 'ts-json-schema-generator';

const root = join(__dirname, '..');

/**
 * The roots interfaces the contract is generated from (the core's and the constructs'), and the files it is written
 * to: one schema and one module of validators for both, in the core (the constructs' roots use the core's types).
 */
export const CONTRACT = {
  file: 'constructs/machine-config/contract.schema.json',
  validators: 'constructs/machine-config/contract-validators.ts',
  classes: './contract-classes',
  roots: [
    { source: 'constructs/machine-config/contract.ts', type: 'CoreContractRoots' },
    { source: 'constructs/private/contract.ts', type: 'ConstructContractRoots' },
  ],
} as const;

/**
 * Types checked by what they are rather than by their fields: the constructs' own interfaces and classes, and
 * anything cdktf or constructs declares.
 */
const OPAQUE = new Set(['ITalosCluster', 'TalosCluster', 'IPlatformComponent', 'IConstruct', 'Construct', 'TerraformStack', 'TerraformResource', 'TerraformBackend']);

class OpaqueType extends BaseType {
  constructor(private readonly name: string) {
    super();
  }
  public getId(): string {
    return `opaque-${this.name}`;
  }
  public getName(): string {
    return this.name;
  }
}

class OpaqueParser implements SubNodeParser {
  constructor(private readonly checker: ts.TypeChecker) {}
  public supportsNode(node: ts.Node): boolean {
    return this.nameOf(node) !== undefined;
  }
  public createType(node: ts.Node, _context: Context, _reference?: ReferenceType): BaseType {
    return new OpaqueType(this.nameOf(node)!);
  }
  private nameOf(node: ts.Node): string | undefined {
    if (ts.isFunctionTypeNode(node)) return 'Function';
    if (!ts.isTypeReferenceNode(node)) return undefined;
    let symbol = this.checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const name = symbol?.getName();
    if (name === undefined) return undefined;
    if (OPAQUE.has(name)) return name;
    const declared = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
    return /[\\/]node_modules[\\/](cdktf|constructs)[\\/]/.test(declared) ? name : undefined;
  }
}

class OpaqueFormatter implements SubTypeFormatter {
  public supportsType(type: BaseType): boolean {
    return type instanceof OpaqueType;
  }
  public getDefinition(type: OpaqueType): Definition {
    return { instanceOf: type.getName() } as Definition;
  }
  public getChildren(): BaseType[] {
    return [];
  }
}

/** The exported classes of the library's sources: their definitions get `instanceOf`. */
function classNames(program: ts.Program): Set<string> {
  const names = new Set<string>();
  for (const sf of program.getSourceFiles()) {
    const rel = relative(root, sf.fileName);
    if (!rel.startsWith('constructs/')) continue;
    sf.forEachChild((n) => {
      if (ts.isClassDeclaration(n) && n.name && n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) names.add(n.name.text);
    });
  }
  return names;
}

type Json = { [key: string]: unknown };

/** Adds the conventions to the generated schema (see the module comment). */
function conventions(schema: Json, classes: Set<string>, rootsName: string): Json {
  const definitions = schema.definitions as Record<string, Json>;
  const mark = (s: unknown): void => {
    if (typeof s !== 'object' || s === null) return;
    if (Array.isArray(s)) return s.forEach(mark);
    const o = s as Json;
    if (o.properties && typeof o.properties === 'object') {
      for (const p of Object.values(o.properties as Record<string, Json>)) {
        const types = Array.isArray(p.type) ? p.type : [p.type];
        if (types.includes('number')) p.rangeOf = 'whole';
      }
    }
    // `| undefined` inside a map: the value may be left undefined (JSON Schema cannot say so).
    if (Array.isArray(o.anyOf)) o.anyOf = (o.anyOf as Json[]).map((b) => (Object.keys(b).length === 1 && JSON.stringify(b.not) === '{}' ? { instanceOf: 'Undefined' } : b));
    for (const v of Object.values(o)) mark(v);
  };
  for (const [name, d] of Object.entries(definitions)) {
    mark(d);
    if (classes.has(name) && d.type === 'object') d.instanceOf = name;
  }
  // Each root under its own name, so the library asks for `#/definitions/<root>`.
  const roots = definitions[rootsName].properties as Record<string, Json>;
  delete definitions[rootsName];
  for (const [name, s] of Object.entries(roots)) {
    if (s.$ref !== `#/definitions/${name}`) definitions[name] = s;
  }
  return { definitions };
}

/**
 * The validators of a schema, one per root, as the source of a module: Ajv's standalone code, compiled here once so
 * that a synth only loads it (compiling the schema at run time took about 100 ms). The two keywords of the library
 * call contract-classes.ts.
 */
function validatorsCode(schema: Json, classesModule: string): string {
  const ajv = new Ajv({
    allErrors: true, strict: true, allowUnionTypes: true, inlineRefs: false,
    code: { source: true, esm: true, lines: true, optimize: true },
  });
  ajv.addKeyword({
    keyword: 'instanceOf',
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const f = cxt.gen.scopeValue('func', { ref: () => true, code: _`require(${classesModule}).instanceCheck` });
      cxt.fail(_`!${f}(${cxt.schema as string}, ${cxt.data})`);
    },
  });
  ajv.addKeyword({
    keyword: 'rangeOf',
    schemaType: 'string',
    code(cxt: KeywordCxt) {
      const f = cxt.gen.scopeValue('func', { ref: () => true, code: _`require(${classesModule}).wholeNumber` });
      cxt.fail(_`!${f}(${cxt.data})`);
    },
  });
  ajv.addSchema(schema, 'contract');
  const roots = Object.keys(schema.definitions as Json);
  const code = standaloneCode(ajv, Object.fromEntries(roots.map((r) => [r, `contract#/definitions/${r}`])));
  return `// @ts-nocheck\n// Generated by \`npm run contract\` from the schema beside it (Ajv standalone code); do not edit.\n${code}\n`;
}

/** The definitions of one roots interface, as the types give them now. */
function definitionsOf(source: string, rootsType: string): Record<string, Json> {
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: join(root, source),
    tsconfig: join(root, 'tsconfig.json'),
    type: rootsType,
    skipTypeCheck: true,
    expose: 'export',
    jsDoc: 'none',
    additionalProperties: false,
    topRef: true,
  };
  const program = createProgram(config);
  const checker = program.getTypeChecker();
  const parser = createParser(program, config, (p) => {
    p.addNodeParser(new OpaqueParser(checker));
  });
  const formatter = createFormatter(config, (f) => {
    f.addTypeFormatter(new OpaqueFormatter());
  });
  const schema = new SchemaGenerator(program, parser, formatter, config).createSchema(rootsType) as Json;
  return conventions(schema, classNames(program), rootsType).definitions as Record<string, Json>;
}

/** The schema and validators text, as the types give them now. */
export function generate(): { schema: string; validators: string } {
  const definitions: Record<string, Json> = {};
  for (const r of CONTRACT.roots) {
    for (const [name, d] of Object.entries(definitionsOf(r.source, r.type))) {
      if (definitions[name] !== undefined && JSON.stringify(definitions[name]) !== JSON.stringify(d)) {
        throw new Error(`two types named '${name}' differ: give one of them another name`);
      }
      definitions[name] = d;
    }
  }
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
  const schema: Json = { $schema: 'http://json-schema.org/draft-07/schema#', $comment: 'Generated by `npm run contract` from the TypeScript types; do not edit.', definitions: sorted };
  return { schema: `${JSON.stringify(schema, null, 2)}\n`, validators: validatorsCode(schema, CONTRACT.classes) };
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  {
    const generated = generate();
    for (const [name, text] of [[CONTRACT.file, generated.schema], [CONTRACT.validators, generated.validators]]) {
      const file = join(root, name);
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        current = '';
      }
      if (current === text) {
        console.log(`${name} is up to date`);
      } else if (check) {
        stale += 1;
        console.log(`${name} differs from the types: run npm run contract`);
      } else {
        writeFileSync(file, text);
        console.log(`wrote ${name}`);
      }
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
