import { fieldRows, notesOf, typeOf, type FieldRow, type JsonSchema } from '@/lib/docs/schema-fields';
import { FieldTable } from './field-table';

export interface Operation {
  method: string;
  path: string;
  summary: string;
  parameters?: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }>;
  requestBody?: { content: Partial<Record<string, { schema?: JsonSchema }>> };
  // Most answers are JSON; the event stream's is `text/event-stream` and has no JSON schema.
  responses: Record<string, { content?: Partial<Record<string, { schema?: JsonSchema }>> }>;
}

const METHOD_TONES: Record<string, string> = {
  GET: 'bg-sky-100 text-sky-900',
  POST: 'bg-emerald-100 text-emerald-900',
  PATCH: 'bg-amber-100 text-amber-900',
  DELETE: 'bg-red-100 text-red-900',
};

export const operationId = (op: Pick<Operation, 'method' | 'path'>) =>
  `${op.method}-${op.path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '');

/** One endpoint: method, path, what it does, its parameters, body fields and the data it answers with. */
export function EndpointCard({ op }: { op: Operation }) {
  const params = (where: 'path' | 'query'): FieldRow[] =>
    (op.parameters ?? [])
      .filter((p) => p.in === where)
      .map((p) => ({ name: p.name, type: typeOf(p.schema), required: p.required, notes: notesOf(p.schema) }));
  const [status, success] = Object.entries(op.responses).find(([code]) => code !== 'default') ?? [
    '200',
    undefined,
  ];
  const data = success?.content?.['application/json']?.schema?.properties?.data;
  const otherType = data ? undefined : Object.keys(success?.content ?? {})[0];
  const dataRows = fieldRows(data?.items ?? data, 1);
  const bodyRows = fieldRows(op.requestBody?.content['application/json']?.schema);

  return (
    <article
      id={operationId(op)}
      aria-labelledby={`${operationId(op)}-title`}
      className="scroll-mt-6 rounded-xl border border-slate-200 bg-white shadow-sm"
    >
      <header className="border-b border-slate-100 px-5 py-4">
        <h3 id={`${operationId(op)}-title`} className="flex flex-wrap items-center gap-3">
          <span
            className={`rounded-md px-2 py-0.5 font-mono text-xs font-bold ${METHOD_TONES[op.method] ?? ''}`}
          >
            {op.method}
          </span>
          <code className="font-mono text-sm break-all text-slate-900">/api/v1{op.path}</code>
        </h3>
        <p className="mt-2 text-sm text-slate-700">{op.summary}</p>
      </header>
      <div className="space-y-5 px-5 py-4">
        <FieldTable caption="Path parameters" rows={params('path')} />
        <FieldTable caption="Query parameters" rows={params('query')} />
        <FieldTable caption="Request body (JSON)" rows={bodyRows} />
        {otherType ? (
          <p className="text-sm text-slate-700">
            Answers <strong>{status}</strong> with <code className="font-mono text-xs">{otherType}</code>.
          </p>
        ) : (
          <div>
            <p className="text-sm text-slate-700">
              Answers <strong>{status}</strong> with <code className="font-mono text-xs">data</code>
              {data?.type === 'array' ? ' as a list of:' : ':'}
            </p>
            <div className="mt-2">
              <FieldTable caption="Response data" rows={dataRows} showRequired={false} />
            </div>
          </div>
        )}
      </div>
    </article>
  );
}
