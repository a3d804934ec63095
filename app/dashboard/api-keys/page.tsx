import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiKeyList } from '@/components/api-keys/api-key-list';
import { CreateApiKeyForm } from '@/components/api-keys/create-api-key-form';
import { Card } from '@/components/ui/card';
import { listApiKeys } from '@/lib/auth/api-keys';
import { requireHost } from '@/lib/auth/session';
import { createApiKeyAction, revokeApiKeyAction } from './actions';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const host = await requireHost();
  const keys = await listApiKeys(host.id);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your own programs use an API key to manage meetings, participants and presets through the{' '}
          <Link href="/docs/api" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            REST API
          </Link>
          . A key can do everything you can do in this dashboard, so keep it secret. Code written for
          Cloudflare RealtimeKit works too:{' '}
          <Link
            href="/dashboard/api-keys/realtimekit"
            className="font-medium text-indigo-700 underline-offset-2 hover:underline"
          >
            Use it from RealtimeKit code
          </Link>
          .
        </p>
      </div>
      <Card title="New API key" id="new-api-key">
        <CreateApiKeyForm action={createApiKeyAction} />
      </Card>
      <Card title="Your API keys" id="your-api-keys">
        <ApiKeyList keys={keys} revokeAction={revokeApiKeyAction} />
      </Card>
    </div>
  );
}
