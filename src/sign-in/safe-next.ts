/**
 * Where to go after signing in, if it is a path on this site: "/#/consultation/…" from a digest,
 * never "//evil.example" or "/\evil.example" (browsers read both as another host) or a URL.
 */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 2000) return undefined;
  if (!/^\/(?![/\\])/.test(next)) return undefined;
  if (/[\\\u0000-\u001f\u007f\s]/.test(next)) return undefined;
  return next;
}
