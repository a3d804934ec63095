// The session report and the audit log as CSV (RFC 4180, CRLF line ends). Pure; cells are made safe for
// spreadsheets by csvCell (names come from guests too).
import { csvCell } from '@/lib/participants/links-csv';

export const REPORT_CSV_HEADER = [
  'participant_id',
  'custom_participant_id',
  'display_name',
  'preset_name',
  'meeting_id',
  'room',
  'joined_at',
  'left_at',
  'duration_minutes',
  'total_minutes',
] as const;

export const AUDIT_CSV_HEADER = [
  'id',
  'at',
  'type',
  'actor_kind',
  'actor_id',
  'actor_name',
  'payload',
] as const;

type Cell = string | number | null;

/** A header and rows as CSV text. */
export function toCsv(header: readonly string[], rows: Cell[][]): string {
  const lines = [
    header.join(','),
    ...rows.map((r) => r.map((c) => csvCell(c === null ? '' : String(c))).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}

export interface ReportCsvPerson {
  user_id: string;
  custom_participant_id: string | null;
  display_name: string;
  preset_name: string;
  duration: number;
  intervals: Array<{ meeting_id: string; joined_at: string; left_at: string | null }>;
}

/** One line per stretch a person spent in a room, with the room's title and the person's total. */
export function reportCsv(people: ReportCsvPerson[], roomTitle: (id: string) => string): string {
  const rows = people.flatMap((p) =>
    p.intervals.map((i) => [
      p.user_id,
      p.custom_participant_id,
      p.display_name,
      p.preset_name,
      i.meeting_id,
      roomTitle(i.meeting_id),
      i.joined_at,
      i.left_at,
      i.left_at ? Math.round((Date.parse(i.left_at) - Date.parse(i.joined_at)) / 600) / 100 : null,
      p.duration,
    ]),
  );
  return toCsv(REPORT_CSV_HEADER, rows);
}

export interface AuditCsvEntry {
  id: number;
  at: string;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  payload: unknown;
}

/** One line per command; the payload as JSON in its cell. */
export const auditCsv = (entries: AuditCsvEntry[]) =>
  toCsv(
    AUDIT_CSV_HEADER,
    entries.map((e) => [
      e.id,
      e.at,
      e.type,
      e.actor_kind,
      e.actor_id,
      e.actor_name,
      JSON.stringify(e.payload),
    ]),
  );
