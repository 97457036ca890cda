import { Memo } from '../../constructs/machine-config/memo';

describe('Memo', () => {
  it('computes a key\'s value once, undefined included', () => {
    const memo = new Memo<number | undefined>();
    const compute = jest.fn((key: string) => (key === 'none' ? undefined : key.length));
    expect([memo.get('abc', compute), memo.get('abc', compute), memo.get('none', compute), memo.get('none', compute)]).toEqual([3, 3, undefined, undefined]);
    expect(compute.mock.calls.map(([key]) => key)).toEqual(['abc', 'none']);
  });

  it('keeps at most its limit, starting afresh when full', () => {
    const memo = new Memo<string>(2);
    const compute = jest.fn((key: string) => key.toUpperCase());
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) memo.get(key, compute);
    // a, b kept; c finds it full and starts afresh with c alone; a joins it; b finds it full again.
    expect(compute.mock.calls.map(([key]) => key)).toEqual(['a', 'b', 'c', 'a', 'b']);
  });
});
