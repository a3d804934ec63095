import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { DataTable, EmptyState } from '@/components/ui/data-table';
import { WebhookForm } from '@/components/webhooks/webhook-form';
import { requireHost } from '@/lib/auth/session';
import { listWebhooks } from '@/lib/webhooks/service';
import { MAX_WEBHOOKS } from '@/lib/webhooks/schemas';
import { createWebhookAction } from './actions';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  const host = await requireHost();
  const { data: hooks } = await listWebhooks(host.id, { page_no: 1, per_page: MAX_WEBHOOKS });
  const disabled = hooks.filter((h) => h.disabled_reason);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Webhooks</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your servers hear about meetings, rooms, moves and recordings as they happen: each event is POSTed,
          signed (Standard Webhooks), and retried for days until your endpoint answers 2xx.
        </p>
      </div>
      {disabled.length > 0 && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-medium">
            {disabled.length === 1 ? 'A webhook was' : `${disabled.length} webhooks were`} turned off because
            every delivery failed:
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {disabled.map((h) => (
              <li key={h.id}>
                <Link href={`/dashboard/webhooks/${h.id}`} className="font-medium underline">
                  {h.name}
                </Link>
                : {h.disabled_reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Card title="New webhook" id="new-webhook">
        <WebhookForm action={createWebhookAction} submitText="Create webhook" />
      </Card>
      <Card title="Your webhooks" id="your-webhooks">
        {hooks.length === 0 ? (
          <EmptyState>No webhooks yet.</EmptyState>
        ) : (
          <DataTable
            caption="Webhooks"
            columns={[{ label: 'Name' }, { label: 'URL' }, { label: 'Events' }, { label: 'Status' }]}
          >
            {hooks.map((h) => (
              <tr key={h.id}>
                <th scope="row" className="py-3 pr-4 text-left font-medium text-slate-900">
                  <Link
                    href={`/dashboard/webhooks/${h.id}`}
                    className="text-indigo-700 underline-offset-2 hover:underline"
                  >
                    {h.name}
                  </Link>
                </th>
                <td className="max-w-xs truncate py-3 pr-4 font-mono text-xs text-slate-600">{h.url}</td>
                <td className="py-3 pr-4 text-slate-600">{h.events.join(', ')}</td>
                <td className="py-3 whitespace-nowrap">
                  {h.enabled ? (
                    <Badge tone="green">Enabled</Badge>
                  ) : (
                    <Badge tone={h.disabled_reason ? 'red' : 'gray'}>
                      {h.disabled_reason ? 'Disabled after failures' : 'Disabled'}
                    </Badge>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
