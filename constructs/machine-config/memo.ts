/**
 * Values kept by a string key, computed on first use: a synth asks for the same ones many times (a node's addresses,
 * its MACs, the YAML of documents shared by nodes). Cleared when full, so a long-lived process (tests, fuzzing, an app
 * of many clusters) keeps a steady size. Only for values that follow from their key alone.
 */
export class Memo<T> {
  private readonly values = new Map<string, T>();

  public constructor(private readonly limit = 4096) {}

  /** The value kept for the key, or else the one `compute` gives, kept. */
  public get(key: string, compute: (key: string) => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = compute(key);
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
