import type { Metadata } from 'next';
import { LinkProblem } from '@/components/participant/link-problem';
import { firstParam } from '@/lib/pages/format';

export const metadata: Metadata = { title: 'Link problem', robots: { index: false } };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function LinkErrorPage({ searchParams }: Props) {
  const reason = firstParam((await searchParams).reason);
  const known = reason === 'inactive' || reason === 'rate_limited';
  return <LinkProblem reason={known ? reason : 'invalid'} />;
}
