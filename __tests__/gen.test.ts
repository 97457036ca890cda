import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

// gen.slow.test.ts proves .gen/ is exactly what `npm run gen` writes from provider-schemas/.
describe('generated provider bindings', () => {
  it('pins the provider versions of provider-schemas/providers.json, which the schemas declare', () => {
    const list = JSON.parse(fs.readFileSync(path.join(root, 'provider-schemas/providers.json'), 'utf8'));
    expect(list.terraformProviders).toEqual(['siderolabs/talos@0.11.0', 'bpg/proxmox@0.111.1']);
    const versions = JSON.parse(fs.readFileSync(path.join(root, '.gen/versions.json'), 'utf8'));
    expect(versions).toEqual({ 'registry.terraform.io/siderolabs/talos': '0.11.0', 'registry.terraform.io/bpg/proxmox': '0.111.1' });
  });

  it('keeps cdktf.json\'s terraformProviders empty, so `cdktf get` / `cdktn get` do nothing instead of regenerating .gen/', () => {
    const cdktf = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
    // Both CLIs return early with "No providers or modules found in \"cdktf.json\" config file, therefore cdktf get
    // does nothing" (hashicorp/terraform-cdk packages/cdktf-cli/src/bin/cmds/handlers.ts `get`; the same in cdktn-cli 0.24).
    expect(cdktf.terraformProviders).toEqual([]);
    expect(cdktf.terraformModules ?? []).toEqual([]);
    expect(cdktf.codeMakerOutput).toBe('.gen');
  });
});
