// The participants' join links as CSV (RFC 4180), for a spreadsheet or a mail merge. Pure: used by the
// download route and by "Copy all links" in the browser, so both give the same text.

export interface LinkRow {
  name: string;
  custom_participant_id: string | null;
  /** Null when the link cannot be shown again: the cell is left empty. */
  join_url: string | null;
}

export const LINKS_CSV_HEADER = ['name', 'custom_participant_id', 'join_link'] as const;

/**
 * One CSV cell. Names come from guests too, so a cell a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) is prefixed with an apostrophe (OWASP's advice for CSV injection).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header and one line per participant, CRLF line ends. */
export function linksCsv(rows: LinkRow[]): string {
  const lines = [LINKS_CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push([r.name, r.custom_participant_id ?? '', r.join_url ?? ''].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A file name for the download from the meeting's title: letters, digits and dashes only. */
export function linksFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `${slug || 'meeting'}-join-links.csv`;
}
