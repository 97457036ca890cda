import { diffValues, joinKey, mergeAll } from '../../cli/preview/values';

describe('diffValues', () => {
  it('writes map keys as identifiers where it can and quoted otherwise', () => {
    expect(joinKey('machine', 'sysctls')).toBe('machine.sysctls');
    expect(joinKey('machine.sysctls', 'vm.swappiness')).toBe('machine.sysctls["vm.swappiness"]');
    expect(diffValues({ a: { 'x/y': 1 } }, { a: { 'x/y': 2 } }).map((c) => c.path)).toEqual(['a["x/y"]']);
  });

  it('matches list items by their identifying field, not their position', () => {
    const before = { modules: [{ name: 'nvidia' }, { name: 'nvidia_uvm' }] };
    const after = { modules: [{ name: 'nvidia_uvm' }, { name: 'nvidia', parameters: ['NVreg_OpenRmEnableUnsupportedGpus=1'] }, { name: 'nvidia_drm' }] };
    expect(diffValues(before, after).map((c) => [c.path, c.kind])).toEqual([
      ['modules[nvidia].parameters', 'added'],
      ['modules[nvidia_drm]', 'added'],
    ]);
  });

  it('compares lists of plain values as whole values, in order', () => {
    expect(diffValues({ ns: ['1.1.1.1'] }, { ns: ['1.1.1.1', '8.8.8.8'] })).toEqual([
      { path: 'ns', segments: ['ns'], kind: 'changed', before: ['1.1.1.1'], after: ['1.1.1.1', '8.8.8.8'] },
    ]);
    expect(diffValues({ ns: ['a', 'b'] }, { ns: ['b', 'a'] })).toHaveLength(1);
  });

  it('ignores key order and reports removals with the old value', () => {
    expect(diffValues({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
    expect(diffValues({ a: 1, b: 2 }, { a: 1 })).toEqual([{ path: 'b', segments: ['b'], kind: 'removed', before: 2 }]);
  });
});

describe('mergeAll', () => {
  it('merges partial configurations in order, later values winning and lists appended', () => {
    expect(mergeAll([{ machine: { sysctls: { a: '1' }, certSANs: ['x'] } }, { machine: { sysctls: { a: '2', b: '3' }, certSANs: ['y'] } }])).toEqual({
      machine: { sysctls: { a: '2', b: '3' }, certSANs: ['x', 'y'] },
    });
  });
});
