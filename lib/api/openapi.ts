import 'server-only';
import { z } from 'zod';
import { env } from '@/lib/env';
import { errorDto, pagingDto } from './dto-schemas';
import { endpoints } from './endpoints';
import { eventsOpenApiPaths } from '@/lib/events/sse';
import { recordingFileOpenApiPaths } from '@/lib/recording/storage/openapi';

const json = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** The OpenAPI 3.1 document, generated from the same zod schemas the router validates with. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const parameters = [
      ...objectKeys(e.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
      ...objectKeys(e.query).map(([name, schema, required]) => ({ name, in: 'query', required, schema })),
    ];
    const success = e.paged
      ? z.object({ success: z.literal(true), data: e.response, paging: pagingDto })
      : z.object({ success: z.literal(true), data: e.response });
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      summary: e.summary,
      tags: [e.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(e.body
        ? {
            requestBody: {
              // Optional for an endpoint whose body may be left out (POST /livekit/token).
              required: !e.body.safeParse(undefined).success,
              content: { 'application/json': { schema: json(e.body, 'input') } },
            },
          }
        : {}),
      ...(e.textBody
        ? {
            requestBody: {
              required: true,
              description: e.textBody.description,
              content: { [e.textBody.type]: { schema: { type: 'string' } } },
            },
          }
        : {}),
      responses: {
        [String(e.status ?? 200)]: e.produces
          ? { description: 'Success: a file', content: { [e.produces]: { schema: { type: 'string' } } } }
          : {
              description: 'Success',
              content: { 'application/json': { schema: json(success, 'output') } },
            },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: json(errorDto, 'output') } },
        },
      },
    };
  }
  Object.assign(paths, eventsOpenApiPaths(), recordingFileOpenApiPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'Breakout REST API',
      version: '1.0.0',
      description:
        'Presets, meetings and participants. Every request sends "Authorization: Bearer <API key>".',
    },
    servers: [{ url: `${env().appUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

function objectKeys(schema: z.ZodType | undefined): Array<[string, unknown, boolean]> {
  if (!schema || !(schema instanceof z.ZodObject)) return [];
  const doc = json(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(doc.properties ?? {}).map(([k, v]) => [k, v, doc.required?.includes(k) ?? false]);
}
