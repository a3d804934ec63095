import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse, zodToAppError } from '@/lib/api/router';
import { AppError, RateLimitedError } from '@/lib/errors';
import { pagingQuerySchema } from '@/lib/paging';
import { addParticipantSchema, createPresetSchema, updateMeetingSchema } from '@/lib/schemas';

const errorOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be refused');
  return result.error;
};

describe('zodToAppError', () => {
  it('is an "invalid" AppError, answered with 400', () => {
    const err = zodToAppError(errorOf(z.object({ a: z.string() }), { a: 1 }));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid', kind: 'invalid', status: 400 });
  });

  it('names a top-level field and starts its message with it, spelt as the API spells it', () => {
    const err = zodToAppError(errorOf(z.object({ count: z.number() }), { count: 'x' }));
    expect(err.field).toBe('count');
    expect(err.message).toMatch(/^count: /);
    const paging = zodToAppError(errorOf(pagingQuerySchema, { page_no: '0' }), 'query');
    expect(paging.field).toBe('page_no');
    expect(paging.message).toMatch(/^page_no: /);
  });

  it('names a nested field by its dotted path', () => {
    const err = zodToAppError(
      errorOf(createPresetSchema, { name: 'p', permissions: { media: { audio: { can_produce: 'MAYBE' } } } }),
    );
    expect(err.field).toBe('permissions.media.audio.can_produce');
    expect(err.message).toMatch(/^permissions\.media\.audio\.can_produce: /i);
  });

  it('names an array element by its index', () => {
    const err = zodToAppError(errorOf(z.object({ tags: z.array(z.string()) }), { tags: ['a', 2] }));
    expect(err.field).toBe('tags.1');
  });

  it('names an unknown field and says it is unknown', () => {
    const err = zodToAppError(errorOf(addParticipantSchema, { name: 'A', preset_name: 'p', role: 'admin' }));
    expect(err.field).toBe('role');
    expect(err.message).toBe('Unknown field "role"');
  });

  it('names an unknown field inside a nested object by its full path', () => {
    const err = zodToAppError(
      errorOf(createPresetSchema, { name: 'p', permissions: { media: { hologram: {} } } }),
    );
    expect(err.field).toBe('permissions.media.hologram');
    expect(err.message).toBe('Unknown field "permissions.media.hologram"');
  });

  it('does not repeat a field name the message already starts with, and keeps its spelling', () => {
    const err = zodToAppError(errorOf(addParticipantSchema, { name: 'A', preset_name: 5 }));
    expect(err.field).toBe('preset_name');
    expect(err.message).toBe('preset_name must be a string');
  });

  it('calls an unknown query parameter a query parameter', () => {
    const err = zodToAppError(
      errorOf(z.strictObject({ limit: z.string() }), { limit: '1', sort: 'x' }),
      'query',
    );
    expect(err.field).toBe('sort');
    expect(err.message).toBe('Unknown query parameter "sort"');
  });

  it('a problem with the whole input names no field and says where the input was', () => {
    const body = zodToAppError(errorOf(updateMeetingSchema, {}));
    expect(body.field).toBeUndefined();
    expect(body.message).toBe('Body: give title, status, record_on_start or another field to change');
    const query = zodToAppError(errorOf(z.object({ a: z.string() }), 'text'), 'query');
    expect(query.field).toBeUndefined();
    expect(query.message).toMatch(/^Query: /);
  });

  it('reports the first problem when there are several', () => {
    const error = errorOf(addParticipantSchema, { name: '', preset_name: '' });
    expect(error.issues.length).toBeGreaterThan(1);
    expect(zodToAppError(error).field).toBe(error.issues[0]!.path.join('.'));
  });
});

describe('errorResponse', () => {
  it('puts Retry-After on every 429: a limit’s own reset time, or a few seconds', () => {
    expect(
      errorResponse(new RateLimitedError('rate_limited:x', 'Slow down.', 42)).headers.get('retry-after'),
    ).toBe('42');
    const plain = errorResponse(new AppError('rate_limited:y', 'Slow down.'));
    expect(plain.status).toBe(429);
    expect(Number(plain.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorResponse(new AppError('invalid', 'No.')).headers.get('retry-after')).toBeNull();
  });
});
