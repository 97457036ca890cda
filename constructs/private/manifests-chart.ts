/**
 * The project's `charts/manifests` Helm chart as a cdktf asset of the stack that uses it.
 *
 * cdktf copies an asset into the stack's working directory (`cdktf.out/stacks/<stack>/assets/<id>/<hash>`) on every
 * synth, and `asset.path` is that location relative to the working directory Terraform runs in. So the chart path in
 * the synthesized JSON is the same on every machine and does not depend on where this package is installed (the
 * project itself or `node_modules/cdktf-talos`).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

const ASSET_ID = 'manifests-chart';

/** The chart's source directory: `charts/manifests` at the package root, from the sources or from `dist/`. */
export function manifestsChartSource(): string {
  const candidates = [path.resolve(__dirname, '../../charts/manifests'), path.resolve(__dirname, '../../../charts/manifests')];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'Chart.yaml')));
  if (!found) throw new Error(`the manifests chart is missing: looked for Chart.yaml in ${candidates.join(' and ')}; reinstall cdktf-talos`);
  return found;
}

/** Every file under a directory, as posix paths relative to it, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/**
 * A content hash over sorted file names and contents. cdktf's own directory hash follows `readdir` order, which
 * differs between file systems; this one is the same everywhere.
 */
export function chartHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(dir, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 32).toUpperCase();
}

/** The chart's path for `helm_release.chart`, relative to the stack's working directory (one asset per stack). */
export function manifestsChartPath(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  let asset = stack.node.tryFindChild(ASSET_ID) as TerraformAsset | undefined;
  if (!asset) {
    const source = manifestsChartSource();
    asset = new TerraformAsset(stack, ASSET_ID, { path: source, type: AssetType.DIRECTORY, assetHash: chartHash(source) });
  }
  return `./${asset.path}`;
}
