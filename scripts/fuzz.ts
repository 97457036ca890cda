/**
 * `npm run fuzz`: the property-based checks of __tests__/fuzz with many more cases than the test suite runs.
 * Every run starts from a new random seed, printed first; a failure also prints its path and shrunk counterexample.
 * (`npm test` runs a few hundred cases from a fixed seed instead, in __tests__/fuzz.test.ts.) It runs through
 * scripts/run-app.cjs, as the app does: one bundle, and no stack trace recorded per cdktf token.
 *
 *   npm run fuzz                  # 10,000 cases for each core property and for the public boundary, 1,000 for each synth property
 *   npm run fuzz -- --runs 50000  # more core cases (synth properties get a tenth)
 *   npm run fuzz -- --seed 12345  # replay a run
 */
import * as fc from 'fast-check';
import { brokenReported, brokenSynthFails, validRenders, validSynthesizes } from '../__tests__/fuzz/properties';
import { publicBoundaryReportsOnly } from '../__tests__/fuzz/contract';

process.env.CHECKPOINT_DISABLE = '1';
const option = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
};
const runs = option('--runs') ?? 10_000;
// fast-check takes a 32-bit integer seed.
const seed = option('--seed') ?? (Math.random() * 2 ** 31) | 0;
console.log(`seed ${seed} (replay with: npm run fuzz -- --seed ${seed}${runs === 10_000 ? '' : ` --runs ${runs}`})\n`);

const checks: Array<[string, fc.IProperty<unknown[]>, number]> = [
  ['valid declarations validate, render deterministically and pass the Talos schemas', validRenders as fc.IProperty<unknown[]>, runs],
  ['broken declarations produce the library\'s own problems, naming the field', brokenReported as fc.IProperty<unknown[]>, runs],
  ['valid declarations synthesize byte-identically', validSynthesizes as fc.IProperty<unknown[]>, Math.ceil(runs / 10)],
  ['broken declarations fail synthesis with the validation error only', brokenSynthFails as fc.IProperty<unknown[]>, Math.ceil(runs / 10)],
  ['every public entry point answers arbitrary input with the library\'s report only', publicBoundaryReportsOnly as fc.IProperty<unknown[]>, runs],
];

let failures = 0;
let total = 0;
const started = Date.now();
for (const [name, property, numRuns] of checks) {
  const t = Date.now();
  const result = fc.check(property, { numRuns, seed });
  const seconds = ((Date.now() - t) / 1000).toFixed(1);
  total += result.numRuns;
  if (result.failed) {
    failures += 1;
    console.log(`FAIL  ${name}: ${result.numRuns} cases, ${seconds}s`);
    console.log(`      seed ${result.seed}, path ${result.counterexamplePath}, shrunk ${result.numShrinks} times`);
    console.log(`      counterexample: ${fc.stringify(result.counterexample)}`);
    console.log(`      error: ${String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance).split('\n').join('\n             ')}`);
  } else {
    console.log(`ok    ${name}: ${result.numRuns} cases, ${seconds}s`);
  }
}
console.log(`\n${total} cases, ${failures} failing propert${failures === 1 ? 'y' : 'ies'}, ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.exit(failures > 0 ? 1 : 0);
