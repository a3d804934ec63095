import { z } from 'zod';
import { followsTextRule } from '@/lib/schemas';

export const MAX_OPTIONS = 10;

const text = (field: string, max: number) =>
  followsTextRule(
    z
      .string({ error: `${field} must be a string` })
      .trim()
      .min(1, `${field} is empty`)
      .max(max, `${field} is longer than ${max} characters`),
    field,
  );

export const createPollSchema = z
  .strictObject({
    question: text('question', 500),
    options: z
      .array(text('option', 200), { error: 'options must be a list of texts' })
      .min(2, 'A poll needs at least 2 options')
      .max(MAX_OPTIONS, `A poll has at most ${MAX_OPTIONS} options`),
    anonymous: z.boolean({ error: 'anonymous must be true or false' }).default(false),
    hide_votes: z.boolean({ error: 'hide_votes must be true or false' }).default(false),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.options.forEach((o, i) => {
      const key = o.toLocaleLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['options', i], message: `"${o}" is listed twice` });
      seen.add(key);
    });
  });

export const voteSchema = z.strictObject({
  option_index: z
    .number({ error: 'option_index must be a number' })
    .int('option_index must be a whole number')
    .min(0, 'option_index must be 0 or more')
    .max(MAX_OPTIONS - 1, `option_index must be below ${MAX_OPTIONS}`),
});
