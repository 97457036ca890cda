import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE, failure, synthFailure } from './helpers/catalogue';

/** Classes whose message comes from each place a problem is caught: cluster validation, construction, platform. */
const THROUGH_SYNTH = [
  'malformed address', 'duplicate hostname', 'MetalLB pool overlapping a node, the VIP, the gateway or the DHCP range',
  'etcd backups on a cluster whose control planes grant no Talos API access',
];

describe('the catalogue of bad input', () => {
  it('has at least 100 classes', () => expect(CATALOGUE.length).toBeGreaterThanOrEqual(100));

  // Through the validations synthesis runs (and the constructors), which is where every message comes from.
  it.each(CATALOGUE)('fails when: %s', (_name, declaration, message) => {
    expect(failure(declaration)).toContain(message);
  });

  it.each(THROUGH_SYNTH)('fails the whole synth with the same message: %s', (name) => {
    const entry = CATALOGUE.find(([n]) => n === name);
    if (!entry) throw new Error(`no catalogue class '${name}'`);
    expect(synthFailure(entry[1])).toContain(entry[2]);
  });

  it('is listed in the README, one example message per class', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const missing = CATALOGUE.filter(([name, , message]) => !readme.includes(`| ${name} |`) || !readme.includes(message.replace(/\|/g, '\\|')));
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});
