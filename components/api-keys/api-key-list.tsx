import { Badge } from '@/components/ui/badge';
import type { FormAction } from '@/lib/actions/form-state';
import { formatDateTime } from '@/lib/pages/format';
import { RevokeApiKeyButton } from './revoke-api-key-button';

interface ApiKeyListProps {
  keys: Array<{
    id: string;
    name: string;
    prefix: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  }>;
  revokeAction: FormAction<string>;
}

export function ApiKeyList({ keys, revokeAction }: ApiKeyListProps) {
  if (keys.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
        No API keys yet.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">API keys</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Name
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Key
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Created
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Last used
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Status
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((k) => (
            <tr key={k.id}>
              <th scope="row" className="py-3 pr-4 text-left font-medium text-slate-900">
                {k.name}
              </th>
              <td className="py-3 pr-4 font-mono text-xs text-slate-600">{k.prefix}…</td>
              <td className="py-3 pr-4 whitespace-nowrap text-slate-600">{formatDateTime(k.created_at)}</td>
              <td className="py-3 pr-4 whitespace-nowrap text-slate-600">
                {k.last_used_at ? formatDateTime(k.last_used_at) : 'Never'}
              </td>
              <td className="py-3 pr-4 whitespace-nowrap">
                {k.revoked_at ? (
                  <Badge tone="red">Revoked {formatDateTime(k.revoked_at)}</Badge>
                ) : (
                  <Badge tone="green">Active</Badge>
                )}
              </td>
              <td className="py-3 text-right">
                {!k.revoked_at && <RevokeApiKeyButton keyId={k.id} name={k.name} action={revokeAction} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
