import 'server-only';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

/** A route's id parameter; anything that is not a UUID is a 404 (and never reaches the database). */
export function idOrNotFound(id: string): string {
  if (!z.uuid().safeParse(id).success) notFound();
  return id;
}

/** Awaits a service call; its "not found" (another host's id, a deleted row) becomes the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof AppError && err.kind === 'not_found') notFound();
    throw err;
  }
}
