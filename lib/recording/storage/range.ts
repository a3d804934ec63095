/**
 * One byte range from a Range header (RFC 9110 §14.1.2). Absent, malformed, or several ranges → null (the
 * whole file is sent, as the RFC allows); `suffix` is `bytes=-N` (the last N bytes).
 */
export function parseRange(
  header: string | null,
): { start: number; end?: number } | { suffix: number } | null {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return { suffix: Number(m[2]) };
  const start = Number(m[1]);
  if (m[2] === '') return { start };
  const end = Number(m[2]);
  if (end < start) return null;
  return { start, end };
}

/** A name safe inside a quoted Content-Disposition filename, with the exact one as filename*. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
