import { Badge } from '@/components/ui/badge';
import { DataTable, EmptyState } from '@/components/ui/data-table';
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
  if (keys.length === 0) return <EmptyState>No API keys yet.</EmptyState>;
  return (
    <DataTable
      caption="API keys"
      columns={[
        { label: 'Name' },
        { label: 'Key' },
        { label: 'Created' },
        { label: 'Last used' },
        { label: 'Status' },
        { label: 'Actions', hidden: true },
      ]}
    >
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
    </DataTable>
  );
}
