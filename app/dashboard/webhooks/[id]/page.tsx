import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { DataTable, EmptyState } from '@/components/ui/data-table';
import { DeleteWebhookButton, ResendButton } from '@/components/webhooks/row-action-button';
import { WebhookForm } from '@/components/webhooks/webhook-form';
import { requireHost } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/pages/format';
import { idOrNotFound, orNotFound } from '@/lib/pages/or-not-found';
import { getWebhook, listDeliveries } from '@/lib/webhooks/service';
import { deleteWebhookAction, resendDeliveryAction, updateWebhookAction } from '../actions';

export const metadata: Metadata = { title: 'Webhook' };

const TONE = { delivered: 'green', pending: 'indigo', failed: 'red' } as const;

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const host = await requireHost();
  const id = idOrNotFound((await params).id);
  const hook = await orNotFound(getWebhook(host.id, id));
  const { data: log } = await listDeliveries(host.id, id, { page_no: 1, per_page: 50 });
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <ol className="flex flex-wrap items-center gap-2">
          <li>
            <Link
              href="/dashboard/webhooks"
              className="underline-offset-2 hover:text-slate-900 hover:underline"
            >
              Webhooks
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="font-medium text-slate-900">
            {hook.name}
          </li>
        </ol>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="text-2xl font-semibold text-slate-900">{hook.name}</h1>
        <DeleteWebhookButton webhookId={hook.id} name={hook.name} action={deleteWebhookAction} />
      </div>
      {hook.disabled_reason && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          This webhook was turned off: {hook.disabled_reason}
        </div>
      )}
      <Card title="Settings" id="settings">
        <WebhookForm action={updateWebhookAction} webhook={hook} submitText="Save webhook" />
      </Card>
      <Card
        title="Delivery log"
        id="deliveries"
        description="The newest 50 deliveries, each with its last attempt."
      >
        {log.length === 0 ? (
          <EmptyState>Nothing sent yet.</EmptyState>
        ) : (
          <DataTable
            caption="Deliveries"
            columns={[
              { label: 'Event' },
              { label: 'Status' },
              { label: 'Attempts' },
              { label: 'Last answer' },
              { label: 'When' },
              { label: 'Actions', hidden: true },
            ]}
          >
            {log.map((d) => (
              <tr key={d.id}>
                <th scope="row" className="py-3 pr-4 text-left font-mono text-xs font-medium text-slate-900">
                  {d.type}
                </th>
                <td className="py-3 pr-4 whitespace-nowrap">
                  <Badge tone={TONE[d.status]}>{d.status}</Badge>
                </td>
                <td className="py-3 pr-4 text-slate-600">{d.attempts}</td>
                <td className="max-w-xs py-3 pr-4 text-slate-600">
                  {d.last_status_code !== null ? `HTTP ${d.last_status_code}` : (d.last_error ?? '—')}
                  {d.last_status_code !== null && d.response_snippet && (
                    <span className="block truncate font-mono text-xs">{d.response_snippet}</span>
                  )}
                </td>
                <td className="py-3 pr-4 whitespace-nowrap text-slate-600">
                  {d.delivered_at
                    ? `Delivered ${formatDateTime(d.delivered_at)}`
                    : d.next_attempt_at
                      ? `Next try ${formatDateTime(d.next_attempt_at)}`
                      : formatDateTime(d.last_attempt_at)}
                </td>
                <td className="py-3 text-right">
                  {d.status !== 'pending' && hook.enabled && (
                    <ResendButton
                      webhookId={hook.id}
                      deliveryId={d.id}
                      type={d.type}
                      action={resendDeliveryAction}
                    />
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
