import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoints } from '@/lib/api/endpoints';
import { openApiDocument } from '@/lib/api/openapi';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  enum?: unknown[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  summary: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, { content: { 'application/json': { schema: JsonSchema } } }>;
}

const doc = openApiDocument();
const operation = (method: string, path: string) =>
  (doc.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
const bodySchema = (method: string, path: string) =>
  operation(method, path)?.requestBody?.content['application/json'].schema;
const withBody = endpoints.filter((e) => e.body);

/** The keys zod insists on: those whose schema refuses `undefined` (defaults and optionals accept it). */
function zodRequired(body: z.ZodType): string[] {
  const schema = body instanceof z.ZodOptional ? (body.unwrap() as z.ZodType) : body;
  if (!(schema instanceof z.ZodObject)) throw new Error('body schemas are objects');
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, s]) => !s.safeParse(undefined).success)
    .map(([k]) => k)
    .sort();
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the API base under APP_URL and every kind of credential described', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'http://localhost:3000/api/v1' }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'apiKey',
      'dashboardSession',
      'participantCookie',
      'participantToken',
    ]);
    expect(doc.components.securitySchemes.participantCookie).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });

  it('passes a maintained OpenAPI linter (Redocly, recommended rules) with no error and no warning', async () => {
    // A deployment's own address: the linter rightly warns about a localhost server in a published document.
    const source = JSON.stringify(openApiDocument('https://breakout.school.test'));
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
    const found = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(found).toEqual([]);
  });

  it('names every operation with a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops as Record<string, Operation>).map((op) => op.operationId),
    );
    expect(ids.every((id) => /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['addParticipant', 'createMeeting', 'streamMeetingEvents']));
  });

  it('says which credentials each operation takes: API keys for host-only ones, participant ones only where allowed', () => {
    const names = (method: string, path: string) =>
      operation(method, path)!
        .security.flatMap((s) => Object.keys(s))
        .sort();
    expect(names('POST', '/meetings')).toEqual(['apiKey', 'dashboardSession']);
    expect(names('POST', '/livekit/token')).toEqual(['participantCookie', 'participantToken']);
    expect(names('POST', '/meetings/{meeting_id}/connected-meetings/move')).toEqual([
      'apiKey',
      'dashboardSession',
      'participantCookie',
      'participantToken',
    ]);
    for (const e of endpoints) {
      const kinds = e.callers ?? ['host'];
      expect(names(e.method, e.path).includes('participantToken')).toBe(kinds.includes('participant'));
      expect(names(e.method, e.path).includes('apiKey')).toBe(kinds.includes('host'));
    }
  });

  it('documents the stale-version 409 with the current state in data, and the errors every endpoint can give', () => {
    const move = operation('POST', '/meetings/{meeting_id}/connected-meetings/move')!;
    expect(Object.keys(move.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '429', '503', 'default']),
    );
    const stale = doc.components.schemas.StaleVersionError as JsonSchema;
    expect(stale.required).toEqual(expect.arrayContaining(['success', 'error', 'data']));
    expect(stale.properties?.data?.properties).toHaveProperty('version');
    // Only an endpoint that reads a body can refuse one as too large.
    expect(Object.keys(operation('GET', '/presets')!.responses)).not.toContain('413');
  });

  it('describes every message of the event stream', () => {
    const stream = operation('GET', '/meetings/{meeting_id}/events')!;
    expect(JSON.stringify(stream.responses['200'])).toContain('#/components/schemas/EventStreamMessage');
    for (const name of [
      'EventParticipantsMoved',
      'EventSnapshot',
      'EventMediaToken',
      'EventRevoked',
      'EventChatMessage',
    ])
      expect(doc.components.schemas).toHaveProperty(name);
  });

  it('lists every endpoint the router serves, with its method, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    // The event stream and the recording download have their own routes (not in the router's table) and are documented too.
    const served = [
      ...endpoints.map((e) => `${e.method} ${e.path}`),
      'GET /meetings/{meeting_id}/events',
      'GET /recording-files/{recording_id}',
    ];
    expect(documented.sort()).toEqual(served.sort());
    expect(served).toEqual(
      expect.arrayContaining([
        'POST /presets',
        'DELETE /presets/{preset_id}',
        'GET /meetings',
        'PATCH /meetings/{meeting_id}',
        'POST /meetings/{meeting_id}/participants/{participant_id}/token',
      ]),
    );
  });

  it.each(endpoints.map((e) => [e.method, e.path, e] as const))(
    '%s %s has its summary, tag, path parameters and success status',
    (method, path, e) => {
      const op = operation(method, path)!;
      expect(op.summary).toBe(e.summary);
      expect(op.tags).toEqual([e.tag]);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(pathParams.map((p) => p.name)).toEqual(inPath);
      for (const p of pathParams) expect(p.required).toBe(true);
      expect(Object.keys(op.responses)).toEqual(
        expect.arrayContaining([String(e.status ?? 200), '401', '403', '429', '503', 'default']),
      );
      expect(op.operationId).toBe(e.operationId);
      expect(Boolean(op.requestBody)).toBe(Boolean(e.body ?? e.textBody));
      // A CSV import documents its media type, and a file answer its own.
      if (e.textBody) expect(Object.keys(op.requestBody!.content)).toEqual([e.textBody.type]);
      if (e.produces)
        expect(Object.keys(op.responses[String(e.status ?? 200)]!.content)).toEqual([e.produces]);
    },
  );

  it.each(withBody.map((e) => [e.method, e.path, e.body!] as const))(
    '%s %s documents the same required fields the API enforces, and no unknown ones',
    (method, path, schema) => {
      // A body the API lets you leave out must not be documented as required.
      expect(operation(method, path)?.requestBody?.required).toBe(!schema.safeParse(undefined).success);
      const documented = bodySchema(method, path)!;
      expect([...(documented.required ?? [])].sort()).toEqual(zodRequired(schema));
      expect(documented.additionalProperties).toBe(false);
      expect(schema.safeParse({ surely_unknown: 1 }).error?.issues.map((i) => i.code)).toContain(
        'unrecognized_keys',
      );
    },
  );

  it('adding a participant requires preset_name (name is optional, as in RealtimeKit), and the API refuses a body without it', () => {
    const schema = bodySchema('POST', '/meetings/{meeting_id}/participants')!;
    expect(schema.required?.sort()).toEqual(['preset_name']);
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual([
      'custom_participant_id',
      'name',
      'picture',
      'preset_name',
      'tags',
    ]);
    const e = endpoints.find((x) => x.method === 'POST' && x.path === '/meetings/{meeting_id}/participants')!;
    const paths = e.body!.safeParse({}).error?.issues.map((i) => i.path.join('.'));
    expect(paths?.sort()).toEqual(['preset_name']);
  });

  it('creating a meeting requires nothing: title and status have defaults', () => {
    const schema = bodySchema('POST', '/meetings')!;
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties?.status?.enum).toEqual(['ACTIVE', 'INACTIVE']);
  });

  it('the meeting list documents its optional query parameters', () => {
    const params = operation('GET', '/meetings')!.parameters!.filter((p) => p.in === 'query');
    expect(params.map((p) => [p.name, p.required]).sort()).toEqual([
      ['page_no', false],
      ['per_page', false],
      ['search', false],
      ['status', false],
    ]);
  });

  it('paged lists document a paging block; a participant token appears only where it is issued', () => {
    const data = (method: string, path: string, status = '200') =>
      operation(method, path)!.responses[status]!.content['application/json'].schema;
    expect(data('GET', '/meetings').properties).toHaveProperty('paging');
    expect(data('GET', '/meetings/{meeting_id}').properties).not.toHaveProperty('paging');

    const added = data('POST', '/meetings/{meeting_id}/participants', '201').properties?.data;
    const read = data('GET', '/meetings/{meeting_id}/participants/{participant_id}').properties?.data;
    expect(added?.properties).toHaveProperty('token');
    expect(read?.properties).not.toHaveProperty('token');
    expect(JSON.stringify(doc)).not.toMatch(/token_hash|tokenHash|key_hash/);
  });
});
