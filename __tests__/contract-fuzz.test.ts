import * as fc from 'fast-check';
import { ENTRIES, outcome, publicBoundaryReportsOnly, reportOf } from './fuzz/contract';

const SEED = Number(process.env.FUZZ_SEED ?? 1_511_2026);

describe(`the public boundary under arbitrary input (seed ${SEED})`, () => {
  it.each(ENTRIES.map((e) => [e.name, e] as const))('accepts the valid value of %s', (_name, entry) => {
    expect(reportOf(entry, entry.valid())).toBeUndefined();
    expect(() => outcome(entry, entry.valid())).not.toThrow();
  });

  it('answers anything else with the library\'s own report, never another error or a silent success', () => {
    fc.assert(publicBoundaryReportsOnly, { numRuns: Number(process.env.FUZZ_RUNS ?? 100), seed: SEED });
  }, 120_000);
});
