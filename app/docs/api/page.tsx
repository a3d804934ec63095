import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Brand } from '@/components/brand';
import { EndpointCard, operationId, type Operation } from '@/components/docs/endpoint-card';
import { ApiBasics } from '@/components/docs/api-basics';
import { openApiDocument } from '@/lib/api/openapi';

export const metadata: Metadata = { title: 'REST API' };

/** Endpoints by tag, in the order the OpenAPI document lists them. */
function operationsByTag(paths: Record<string, Record<string, unknown>>) {
  const groups = new Map<string, Operation[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as Omit<Operation, 'method' | 'path'> & { tags?: string[] };
      const tag = op.tags?.[0] ?? 'Other';
      groups.set(tag, [...(groups.get(tag) ?? []), { ...op, method: method.toUpperCase(), path }]);
    }
  }
  return [...groups];
}

export default async function ApiDocsPage() {
  await connection(); // the base URL comes from this server's APP_URL at run time
  const doc = openApiDocument();
  const groups = operationsByTag(doc.paths);
  const baseUrl = doc.servers[0]?.url ?? '/api/v1';

  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3 sm:px-6">
          <Brand />
          <Link
            href="/dashboard"
            className="rounded-md text-sm font-medium text-slate-600 hover:text-slate-900"
          >
            Dashboard
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-10 px-4 py-10 [overflow-wrap:anywhere] sm:px-6">
        <div>
          <h1 className="text-3xl font-bold tracking-tight text-slate-900">REST API</h1>
          <p className="mt-3 max-w-3xl text-slate-700">
            Manage presets, meetings and participants from your own programs. This page is generated from the
            same definitions the server validates requests with. The machine-readable{' '}
            <a
              href="/api/v1/openapi.json"
              className="font-medium text-indigo-700 underline underline-offset-2"
            >
              OpenAPI document
            </a>{' '}
            works with any OpenAPI tool.
          </p>
        </div>

        <ApiBasics baseUrl={baseUrl} />

        <nav
          aria-labelledby="endpoints-heading"
          className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="endpoints-heading" className="text-lg font-semibold text-slate-900">
            Endpoints
          </h2>
          <div className="mt-3 grid gap-6 sm:grid-cols-3">
            {groups.map(([tag, ops]) => (
              <div key={tag}>
                <h3 className="text-sm font-semibold text-slate-900">{tag}</h3>
                <ul className="mt-2 space-y-1 text-sm">
                  {ops.map((op) => (
                    <li key={operationId(op)}>
                      <a
                        href={`#${operationId(op)}`}
                        className="text-indigo-700 underline-offset-2 hover:underline"
                      >
                        {op.summary}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </nav>

        {groups.map(([tag, ops]) => (
          <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-4">
            <h2 id={`tag-${tag}`} className="text-xl font-semibold text-slate-900">
              {tag}
            </h2>
            {ops.map((op) => (
              <EndpointCard key={operationId(op)} op={op} />
            ))}
          </section>
        ))}
      </main>
    </div>
  );
}
