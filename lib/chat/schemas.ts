import { z } from 'zod';
import { followsTextRule } from '@/lib/schemas';

export const MAX_MESSAGE_LENGTH = 2000;

/** Plain text, trimmed, 1 to 2,000 characters. It is stored as written and always rendered as text. */
export const messageText = followsTextRule(
  z
    .string({ error: 'message must be a string' })
    .trim()
    .min(1, 'message is empty')
    .max(MAX_MESSAGE_LENGTH, `message is longer than ${MAX_MESSAGE_LENGTH} characters`),
  'message',
  { multiline: true },
);

export const postMessageSchema = z.strictObject({ message: messageText });

export const listMessagesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /** A message id: only messages said before it (for scrolling back). */
  before: z.uuid('before must be a message id').optional(),
});

export const broadcastSchema = z.strictObject({
  message: messageText,
  /** The meetings to reach (the main meeting and/or rooms); all of them when left out. */
  meeting_ids: z
    .array(z.uuid('meeting_ids must hold meeting ids'))
    .min(1, 'meeting_ids is empty: leave it out to reach every room')
    .max(101)
    .optional(),
});
