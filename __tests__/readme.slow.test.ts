/**
 * The README speaks the package's API: every ```ts snippet type-checks under `strict` against what `cdktf-talos`
 * exports (resolved to constructs/index.ts, the public barrel) and imports nothing else from this repository. Snippets
 * may use `app`, `stack`, `cluster` and `platform` from the snippets before them (declared once, below); everything
 * else they use they import. The version tables are the library's own constants.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import * as ts from 'typescript';
import { KUBERNETES_SUPPORT } from '../constructs/machine-config';
import { NVIDIA_DRIVER_MAJOR } from '../constructs/machine-config/gpu';

const repo = resolve(__dirname, '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');

/** The ```ts blocks of the README with the line each starts on. */
function snippets(): Array<{ line: number; code: string }> {
  const out: Array<{ line: number; code: string }> = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```(ts|typescript)\s*$/.test(lines[i])) continue;
    const indent = /^\s*/.exec(lines[i])![0].length;
    const start = i + 1;
    let end = start;
    while (!/^\s*```\s*$/.test(lines[end])) end++;
    out.push({ line: start + 1, code: lines.slice(start, end).map((l) => l.slice(indent)).join('\n') });
    i = end;
  }
  return out;
}

const PRELUDE = `
import type { App, TerraformStack } from 'cdktf';
import type { Platform, TalosCluster } from 'cdktf-talos';
declare global {
  const app: App;
  const stack: TerraformStack;
  const cluster: TalosCluster;
  const platform: Platform;
}
export {};
`;

describe('README', () => {
  const blocks = snippets();

  it('has TypeScript snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  it.each(blocks.map((b) => [b.line, b.code] as const))('snippet at line %d imports only cdktf-talos, cdktf and constructs', (_line, code) => {
    const imports = [...code.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((m) => !['cdktf-talos', 'cdktf', 'constructs'].includes(m))).toEqual([]);
  });

  it('type-checks every snippet under strict against the public API', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdktf-talos-readme-'));
    try {
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'prelude.d.ts'), PRELUDE);
      const files = blocks.map((b) => {
        const file = join(dir, `readme-line-${b.line}.ts`);
        // Each snippet is a module of its own (an import makes it one; an empty export does it for the rest).
        writeFileSync(file, `${b.code}\nexport {};\n`);
        return file;
      });
      const program = ts.createProgram([join(dir, 'prelude.d.ts'), ...files], {
        strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16,
        types: ['node'], typeRoots: [join(repo, 'node_modules', '@types')], skipLibCheck: true, esModuleInterop: true, experimentalDecorators: true,
        paths: { 'cdktf-talos': [join(repo, 'constructs', 'index.ts')] },
      });
      const problems = ts.getPreEmitDiagnostics(program)
        .filter((d) => d.file === undefined || d.file.fileName.startsWith(dir))
        .map((d) => {
          const where = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
          const snippetLine = d.file !== undefined ? Number(/readme-line-(\d+)/.exec(d.file.fileName)?.[1] ?? 0) : 0;
          return `README.md:${snippetLine + (where?.line ?? 0)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('names the scenarios by what they are, never by seed numbers', () => {
    expect(readme.match(/\bseeds? \d{3}\b|\| 00\d\b/gi) ?? []).toEqual([]);
  });

  it('lists the Kubernetes versions each Talos version runs, as the library checks them', () => {
    for (const [talos, { min, max }] of Object.entries(KUBERNETES_SUPPORT)) {
      expect(readme).toContain(`| Talos ${talos} | 1.${min} to 1.${max} |`);
    }
  });

  it('lists the NVIDIA driver of each branch per Talos version, as the library picks them', () => {
    for (const [minor, { lts, production }] of Object.entries(NVIDIA_DRIVER_MAJOR)) {
      expect(readme).toContain(`| Talos 1.${minor} | ${production} | ${lts} |`);
    }
  });
});
