/** Small helpers shared by the constructs; not part of the public API. */

/** A Terraform-safe name part: letters, digits, `_` and `-`. */
export function idSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}
