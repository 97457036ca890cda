/**
 * The shape of the library (issue 11): a small public face, no public mutable state, every optional prop documenting
 * its default, and a pure core that imports nothing from the constructs or cdktf. Read from the sources with the
 * TypeScript compiler.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..');
const MAIN = path.join(root, 'constructs', 'index.ts');
const CORE = path.join(root, 'constructs', 'machine-config', 'index.ts');

const program = ts.createProgram([MAIN, CORE], {
  strict: true, experimentalDecorators: true, esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true, noEmit: true,
});
const checker = program.getTypeChecker();

function exportsOf(file: string): ts.Symbol[] {
  const sf = program.getSourceFile(file)!;
  return checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!).map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
}

const declarationsOf = (symbols: ts.Symbol[]): ts.Declaration[] => symbols.flatMap((s) => s.declarations ?? []);
const where = (d: ts.Node): string => `${path.relative(root, d.getSourceFile().fileName)}:${d.getSourceFile().getLineAndCharacterOfPosition(d.getStart()).line + 1}`;
const jsDocTags = (d: ts.Node): string[] => ts.getJSDocTags(d).map((t) => t.tagName.text);

describe('the public face', () => {
  it('exports at most 80 names from the package entry point', () => {
    const names = exportsOf(MAIN).map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeLessThanOrEqual(80);
  });

  it('exposes no public mutable field on any exported class', () => {
    const mutable: string[] = [];
    for (const d of declarationsOf([...exportsOf(MAIN), ...exportsOf(CORE)])) {
      if (!ts.isClassDeclaration(d)) continue;
      for (const m of d.members) {
        if (!ts.isPropertyDeclaration(m)) continue;
        const mods = ts.getCombinedModifierFlags(m);
        if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || ts.isPrivateIdentifier(m.name)) continue;
        if (!(mods & ts.ModifierFlags.Readonly)) mutable.push(`${d.name?.text}.${m.name.getText()} (${where(m)})`);
      }
    }
    expect(mutable).toEqual([]);
  });

  // What users write: every Props/Options interface of the entry points, and every interface their properties use.
  function inputInterfaces(): ts.InterfaceDeclaration[] {
    const seen = new Set<ts.InterfaceDeclaration>();
    const queue = declarationsOf([...exportsOf(MAIN), ...exportsOf(CORE)])
      .filter((d): d is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(d) && /(Props|Options)$/.test(d.name.text));
    const visitType = (node: ts.Node): void => {
      if (ts.isTypeReferenceNode(node)) {
        const sym = checker.getSymbolAtLocation(node.typeName);
        const target = sym && sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
        for (const d of target?.declarations ?? []) {
          // A construct interface (`ITalosCluster`, `IPlatformComponent`) is given as a construct, not written: what its
          // members return (a cluster's declaration) is output, so the walk stops there.
          if (ts.isInterfaceDeclaration(d) && /^I[A-Z]/.test(d.name.text)) continue;
          if (ts.isInterfaceDeclaration(d) && d.getSourceFile().fileName.startsWith(path.join(root, 'constructs')) && !seen.has(d)) queue.push(d);
        }
      }
      ts.forEachChild(node, visitType);
    };
    // ... and the parameters of the exported classes' public methods and constructors (e.g. InstallDisk.selector()).
    for (const d of declarationsOf([...exportsOf(MAIN), ...exportsOf(CORE)])) {
      if (!ts.isClassDeclaration(d)) continue;
      for (const m of d.members) {
        // Members tagged internal are stripped from the published types (`stripInternal`): plumbing, not input.
        if (jsDocTags(m).includes('internal')) continue;
        if ((ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m)) && !(ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))) {
          for (const p of m.parameters) if (p.type) visitType(p.type);
        }
      }
    }
    while (queue.length > 0) {
      const d = queue.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      for (const h of d.heritageClauses ?? []) for (const t of h.types) visitType(t);
      for (const m of d.members) if (ts.isPropertySignature(m) && m.type) visitType(m.type);
    }
    return [...seen];
  }

  it('documents the default of every optional property of everything users write (Props, Options and the types they use)', () => {
    const interfaces = inputInterfaces();
    expect(interfaces.map((d) => d.name.text)).toEqual(expect.arrayContaining(['TalosClusterProps', 'MachineSettings', 'NetworkLink', 'ProxmoxVmOptions']));
    const missing: string[] = [];
    for (const d of interfaces) {
      for (const m of d.members) {
        if (!ts.isPropertySignature(m) || m.questionToken === undefined) continue;
        if (!jsDocTags(m).includes('default')) missing.push(`${d.name.text}.${m.name.getText()} (${where(m)})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the pure core', () => {
  const coreDirs = ['machine-config', 'platform-config'].map((d) => path.join(root, 'constructs', d));
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const files = coreDirs.flatMap(walk);

  it('imports nothing from the constructs, cdktf or constructs: only itself and libraries', () => {
    const bad: string[] = [];
    for (const file of files) {
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
      for (const st of sf.statements) {
        if (!ts.isImportDeclaration(st) && !ts.isExportDeclaration(st)) continue;
        const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        if (spec === undefined) continue;
        if (spec === 'cdktf' || spec.startsWith('cdktf/') || spec === 'constructs' || spec.startsWith('@cdktf/')) bad.push(`${path.relative(root, file)} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          if (!coreDirs.some((d) => target === d || target.startsWith(`${d}${path.sep}`))) bad.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('is imported by the constructs only through its barrels', () => {
    const deep: string[] = [];
    const shell = fs.readdirSync(path.join(root, 'constructs'), { withFileTypes: true }).flatMap((e) => (e.isFile() && e.name.endsWith('.ts') ? [path.join(root, 'constructs', e.name)]
      : e.isDirectory() && e.name === 'private' ? fs.readdirSync(path.join(root, 'constructs', e.name)).map((f) => path.join(root, 'constructs', e.name, f)) : []));
    for (const file of shell) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '((?:\.\.?\/)+(?:machine-config|platform-config)\/[^']+)'/g)) deep.push(`${path.relative(root, file)}: ${m[1]}`);
    }
    expect(deep).toEqual([]);
  });
});
