import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { NOT_YET_SERVED, REALTIMEKIT_BASE_PATH } from '@/lib/api/realtimekit';
import { SUPPORTED_SDK_METHODS } from '@/lib/api/realtimekit-support';
import { listApps } from '@/lib/apps/service';
import { requireHost } from '@/lib/auth/session';
import { env } from '@/lib/env';

export const metadata: Metadata = { title: 'Use it from RealtimeKit code' };

export default async function RealtimeKitPage() {
  const host = await requireHost();
  const [app] = await listApps(host.id);
  const baseUrl = `${env().appUrl}${REALTIMEKIT_BASE_PATH}`;
  const snippet = `import Cloudflare from 'cloudflare';
const cf = new Cloudflare({ apiToken: '<API key from the dashboard>', baseURL: '${baseUrl}' });
const meeting = await cf.realtimeKit.meetings.create('${app!.id}', { account_id: 'any', title: 'Workshop' });
await cf.realtimeKit.meetings.addParticipant(meeting.data!.id, { account_id: 'any', app_id: '${app!.id}',
  custom_participant_id: 'u-17', preset_name: 'participant', name: 'Ada' });`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Use it from RealtimeKit code</h1>
        <p className="mt-1 text-sm text-slate-600">
          Code written for Cloudflare RealtimeKit&apos;s REST API, through Cloudflare&apos;s own SDK (npm{' '}
          <code>cloudflare</code>), runs against this server: set the SDK&apos;s <code>baseURL</code> and use
          one of your{' '}
          <Link href="/dashboard/api-keys" className="font-medium text-indigo-700 hover:underline">
            API keys
          </Link>{' '}
          as its <code>apiToken</code>. <code>account_id</code> can be anything.
        </p>
      </div>
      <Card title="Your app" id="your-app">
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="font-medium text-slate-700">App id</dt>
          <dd>
            <code data-testid="app-id">{app!.id}</code>
          </dd>
          <dt className="font-medium text-slate-700">Base URL</dt>
          <dd>
            <code data-testid="base-url">{baseUrl}</code>
          </dd>
        </dl>
        <pre className="mt-4 overflow-x-auto rounded-md bg-slate-900 p-4 text-xs text-slate-100">
          <code>{snippet}</code>
        </pre>
      </Card>
      <Card title="What works" id="supported">
        <ul className="space-y-3 text-sm">
          {SUPPORTED_SDK_METHODS.map((r) => (
            <li key={r.resource}>
              <span className="font-medium text-slate-900">realtimeKit.{r.resource}</span>:{' '}
              {r.methods.join(', ')}
              {r.note && <p className="text-slate-600">{r.note}</p>}
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Not yet" id="not-yet">
        <p className="text-sm text-slate-600">These answer 501 Not Implemented, naming what is missing:</p>
        <ul className="mt-2 list-disc pl-5 text-sm">
          {NOT_YET_SERVED.map((n) => (
            <li key={n.feature}>{n.feature}</li>
          ))}
          <li>Apps (…/realtime/kit/apps): your app id is the one above</li>
        </ul>
      </Card>
    </div>
  );
}
