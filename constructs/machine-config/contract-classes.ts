/**
 * The checks the generated contract validators call (see contract.ts): whether a value is an object of a class or
 * interface the schema names (`instanceOf`), and whether a number is a whole number from 0 to 2^53-1 (`rangeOf`).
 * Classes are registered by the modules that can import them, so this module imports none.
 */

const checks = new Map<string, (value: unknown) => boolean>([
  ['Function', (v) => typeof v === 'function'],
  ['Undefined', (v) => v === undefined],
]);

/** Registers how to recognise objects of a class or interface the contract names. */
export function registerContractClass(name: string, check: (value: unknown) => boolean): void {
  checks.set(name, check);
}

/** True when the value is an object of the named class or interface (false for a name nobody registered). */
export function instanceCheck(name: string, value: unknown): boolean {
  return checks.get(name)?.(value) === true;
}

/** True for anything but a number, and for numbers that are whole, not negative and at most 2^53-1. */
export function wholeNumber(value: unknown): boolean {
  return typeof value !== 'number' || (Number.isSafeInteger(value) && value >= 0);
}
