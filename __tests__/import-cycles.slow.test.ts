/**
 * No runtime import cycle in the library. A cycle makes module load order decide whether a class is defined when
 * another module's top level uses it, and it welds the modules on it into one unit. `import type` is erased by the
 * compiler, so a cycle through type imports only is allowed (a component may name the type of its context); madge
 * reads the sources with type imports skipped, so every import it follows is one that runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/** The part of madge's API the test uses (madge ships no types). */
interface MadgeResult {
  obj(): Record<string, string[]>;
  circular(): string[][];
}
const madge = require('madge') as (path: string, config: object) => Promise<MadgeResult>;

/** The module graph of a directory's TypeScript files, following only imports that survive compilation. */
function runtimeGraph(dir: string, tsConfig?: string): Promise<MadgeResult> {
  return madge(dir, { fileExtensions: ['ts'], ...(tsConfig ? { tsConfig } : {}), detectiveOptions: { ts: { skipTypeImports: true } } });
}

describe('import cycles', () => {
  it('constructs/ has no runtime import cycle', async () => {
    const repo = resolve(__dirname, '..');
    const graph = await runtimeGraph(join(repo, 'constructs'), join(repo, 'tsconfig.json'));
    // The graph is the whole library (not an empty scan): the platform imports its components.
    expect(graph.obj()['platform.ts']).toEqual(expect.arrayContaining(['cilium.ts', 'helm-release.ts', 'metallb-pool.ts']));
    expect(graph.circular()).toEqual([]);
  });

  describe('the check itself', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cycles-'));
      mkdirSync(join(dir, 'src'));
      const files: Record<string, string> = {
        // A runtime cycle: each module uses the other's value.
        'a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'b.ts': "import { a } from './a';\nexport const b = () => a;\n",
        // A cycle through a type import only: erased at runtime, so allowed.
        'c.ts': "import { d } from './d';\nexport interface C { readonly n: number }\nexport const c = () => d;\n",
        'd.ts': "import type { C } from './c';\nexport const d = (x: C) => x.n;\n",
      };
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'src', name), text);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fails on a runtime cycle and lets a type-only one pass', async () => {
      const graph = await runtimeGraph(join(dir, 'src'));
      expect(graph.obj()['c.ts']).toEqual(['d.ts']);
      expect(graph.obj()['d.ts']).toEqual([]);
      expect(graph.circular()).toEqual([['a.ts', 'b.ts']]);
    });
  });
});
