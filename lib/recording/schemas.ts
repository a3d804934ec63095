import { z } from 'zod';
import { RECORDING_STATUSES, type RecordingStatus } from '@/db/schema';
import { pagingQuerySchema } from '@/lib/paging';
import { uuidParam } from '@/lib/schemas';

export const startRecordingSchema = z.strictObject({
  meeting_id: uuidParam('meeting_id'),
  max_seconds: z
    .number({ error: 'max_seconds must be a number of seconds' })
    .int('max_seconds must be a whole number of seconds')
    .min(60, 'max_seconds must be at least 60')
    .max(86_400, 'max_seconds must be at most 86400 (24 hours)')
    .optional(),
});

export const controlRecordingSchema = z.strictObject({
  action: z.enum(['stop', 'pause', 'resume'], { error: 'action must be stop, pause or resume' }),
  /** The room the caller is in: lets a page's participant cookie be found (it is named after the meeting). */
  meeting_id: uuidParam('meeting_id').optional(),
});

const statusList = z.string().transform((value, ctx) => {
  const list = value.split(',').map((s) => s.trim().toUpperCase());
  const known = (s: string): s is RecordingStatus => (RECORDING_STATUSES as readonly string[]).includes(s);
  if (!list.every(known)) {
    ctx.addIssue({ code: 'custom', message: `status must be one of ${RECORDING_STATUSES.join(', ')}` });
    return z.NEVER;
  }
  return list;
});

export const listRecordingsQuery = pagingQuerySchema.extend({
  meeting_id: uuidParam('meeting_id').optional(),
  status: statusList.optional(),
});
