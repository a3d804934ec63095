import Link from 'next/link';

const code =
  'block overflow-x-auto rounded-lg bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100';

/** Authentication, the response envelope, errors and paging: what every endpoint has in common. */
export function ApiBasics({ baseUrl }: { baseUrl: string }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section
        aria-labelledby="auth"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="auth" className="text-lg font-semibold text-slate-900">
          Authentication
        </h2>
        <p className="text-sm text-slate-700">
          Create an API key on the{' '}
          <Link
            href="/dashboard/api-keys"
            className="font-medium text-indigo-700 underline underline-offset-2"
          >
            API keys
          </Link>{' '}
          page and send it as a bearer token with every request. A key acts as you: it sees and changes only
          your presets, meetings and participants. Requests without a valid key get <strong>401</strong>.
        </p>
        <pre className={code} tabIndex={0}>
          {`curl ${baseUrl}/meetings \\
  -H "Authorization: Bearer bk_…"`}
        </pre>
        <p className="text-sm text-slate-700">
          Base URL: <code className="font-mono text-xs break-all">{baseUrl}</code>. Send bodies as JSON with{' '}
          <code className="font-mono text-xs">Content-Type: application/json</code>.
        </p>
      </section>

      <section
        aria-labelledby="envelope"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="envelope" className="text-lg font-semibold text-slate-900">
          Responses and errors
        </h2>
        <p className="text-sm text-slate-700">
          Every answer is a JSON envelope. Success carries <code className="font-mono text-xs">data</code>;
          lists also carry <code className="font-mono text-xs">paging</code> (ask for pages with{' '}
          <code className="font-mono text-xs">page_no</code> and{' '}
          <code className="font-mono text-xs">per_page</code>
          ).
        </p>
        <pre className={code} tabIndex={0}>
          {`{ "success": true, "data": { … } }

{ "success": true,
  "data": [ … ],
  "paging": {
    "start_offset": 1,
    "end_offset": 20,
    "total_count": 57 } }`}
        </pre>
        <p className="text-sm text-slate-700">
          A failure says what went wrong, and which input field when one is at fault. Nothing changes on
          failure.
        </p>
        <pre className={code} tabIndex={0}>
          {`{ "success": false,
  "error": {
    "code": "invalid",
    "message": "Name must not be empty",
    "field": "name" } }`}
        </pre>
        <p className="text-sm text-slate-700">
          Status codes: 400 invalid input, 401 missing or wrong API key, 403 not allowed, 404 not found (or
          not yours), 409 conflict (for example a name already in use), 429 too many requests.
        </p>
      </section>
    </div>
  );
}
