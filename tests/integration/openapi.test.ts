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
  it('is OpenAPI 3.1 with bearer security and the API base under APP_URL', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'http://localhost:3000/api/v1' }]);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('lists every endpoint the router serves, with its method, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    // The event stream and the recording download have their own routes (not in the router's table) and are documented too.
    const served = [
      ...endpoints.map((e) => `${e.method} ${e.path}`),
      'GET /meetings/{meeting_id}/events',
      'GET /recordings/{recording_id}/file',
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
      expect(Object.keys(op.responses)).toEqual([String(e.status ?? 200), 'default']);
      expect(Boolean(op.requestBody)).toBe(Boolean(e.body));
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

  it('adding a participant requires name and preset_name, and the API refuses a body without them', () => {
    const schema = bodySchema('POST', '/meetings/{meeting_id}/participants')!;
    expect(schema.required?.sort()).toEqual(['name', 'preset_name']);
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual([
      'custom_participant_id',
      'name',
      'picture',
      'preset_name',
      'tags',
    ]);
    const e = endpoints.find((x) => x.method === 'POST' && x.path === '/meetings/{meeting_id}/participants')!;
    const paths = e.body!.safeParse({}).error?.issues.map((i) => i.path.join('.'));
    expect(paths?.sort()).toEqual(['name', 'preset_name']);
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
