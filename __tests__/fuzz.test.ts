import * as fc from 'fast-check';
import { brokenReported, brokenSynthFails, validRenders, validSynthesizes } from './fuzz/properties';

// A few hundred cases per run; `npm run fuzz` runs ten thousand. A fixed seed per CI run is not used on purpose:
// every run explores new cases, and a failure prints its seed and shrunk counterexample for replay.
const runs = (n: number): fc.Parameters<unknown> => ({ numRuns: Number(process.env.FUZZ_RUNS ?? n) });

describe('property-based', () => {
  it('valid declarations validate cleanly, render deterministically and pass the Talos schemas', () => {
    fc.assert(validRenders, runs(200));
  });

  it('broken declarations always produce the library\'s own problems, naming the field', () => {
    fc.assert(brokenReported, runs(300));
  });

  it('valid declarations synthesize byte-identically', () => {
    fc.assert(validSynthesizes, runs(10));
  }, 60_000);

  it('broken declarations fail synthesis with the validation error, never another exception', () => {
    fc.assert(brokenSynthFails, runs(20));
  }, 60_000);
});
