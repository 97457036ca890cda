import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

// gen.slow.test.ts proves .gen/ is exactly what `npm run gen` writes from provider-schemas/.
describe('generated provider bindings', () => {
  it('pins the provider versions of cdktf.json, which the schemas declare', () => {
    const cdktf = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
    expect(cdktf.terraformProviders).toEqual(['siderolabs/talos@0.11.0', 'bpg/proxmox@0.111.1']);
    const versions = JSON.parse(fs.readFileSync(path.join(root, '.gen/versions.json'), 'utf8'));
    expect(versions).toEqual({ 'registry.terraform.io/siderolabs/talos': '0.11.0', 'registry.terraform.io/bpg/proxmox': '0.111.1' });
  });
});
