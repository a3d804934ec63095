import type { FieldRow } from '@/lib/docs/schema-fields';

interface FieldTableProps {
  caption: string;
  rows: FieldRow[];
  /** Response fields are always present: no "Required" column for them. */
  showRequired?: boolean;
}

/** A table of fields (parameters, body or response fields) for the API documentation. */
export function FieldTable({ caption, rows, showRequired = true }: FieldTableProps) {
  if (rows.length === 0) return null;
  return (
    // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="w-full min-w-[36rem] table-fixed text-left text-sm">
        <caption className="pb-2 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
          {caption}
        </caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th scope="col" className="w-[32%] py-1.5 pr-4 font-medium">
              Field
            </th>
            <th scope="col" className="w-[24%] py-1.5 pr-4 font-medium">
              Type
            </th>
            {showRequired && (
              <th scope="col" className="w-[11%] py-1.5 pr-4 font-medium">
                Required
              </th>
            )}
            <th scope="col" className="py-1.5 font-medium">
              Notes
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.name} className="align-top">
              <th
                scope="row"
                className="py-1.5 pr-4 text-left font-mono text-xs font-normal break-all text-slate-900"
              >
                {r.name}
              </th>
              <td className="py-1.5 pr-4 font-mono text-xs break-words text-slate-700">{r.type}</td>
              {showRequired && <td className="py-1.5 pr-4 text-slate-700">{r.required ? 'yes' : 'no'}</td>}
              <td className="py-1.5 text-slate-600">{r.notes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
