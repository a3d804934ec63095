import 'server-only';
import { z } from 'zod';
import { env } from '@/lib/env';
import { eventStreamSchemas } from '@/lib/events/event-schemas';
import { eventsOpenApiPaths } from '@/lib/events/sse';
import { recordingFileOpenApiPaths } from '@/lib/recording/storage/openapi';
import { connectedMeetingsDto, errorDto, pagingDto } from './dto-schemas';
import { endpoints } from './endpoints';
import type { Endpoint } from './router';
import { securityFor, securitySchemes } from './security-schemes';

/** A zod schema as JSON Schema for the document (without `$schema`: it sits inside the OpenAPI document). */
export function json(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorContent = (schema = 'Error') => ({ 'application/json': { schema: ref(schema) } });
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
};

/** Whether a command takes `expected_version`, so a stale one is a 409 carrying the current state. */
function takesVersion(e: Endpoint) {
  const body = e.body instanceof z.ZodOptional ? e.body.unwrap() : e.body;
  return body instanceof z.ZodObject && 'expected_version' in body.shape;
}

/** The error answers an endpoint can give, each with what it means there. */
function errorResponses(e: Endpoint) {
  const out: Record<string, unknown> = {};
  // Every endpoint refuses a query parameter it does not declare, so every one can answer 400.
  out['400'] = {
    description:
      'The input is invalid (`invalid`); `error.field` names the parameter or body field at fault, spelt as this document spells it. A query parameter the operation does not declare is refused too. Nothing changed.',
    content: errorContent(),
  };
  out['401'] = {
    description:
      'No valid credentials (`unauthorized`): none sent, or a key or token that is revoked or unknown.',
    content: errorContent(),
  };
  out['403'] = {
    description:
      'Not allowed (`forbidden…`): the wrong kind of caller for this endpoint, a permission the preset lacks (named in the message), or a cookie-authenticated change from another site.',
    content: errorContent(),
  };
  if (e.params || e.query || e.body || e.textBody)
    out['404'] = {
      description:
        'Something the request names (in its path, query or body) does not exist for this caller (`not_found:…`).',
      content: errorContent(),
    };
  if (takesVersion(e) || e.conflict)
    out['409'] = {
      description: [
        takesVersion(e)
          ? '`conflict:stale_version`: `expected_version` is not the current version; `data` carries the current connected-meetings state, so the caller can retry without another request.'
          : undefined,
        e.conflict,
      ]
        .filter(Boolean)
        .join(' Otherwise: '),
      content: takesVersion(e)
        ? { 'application/json': { schema: { anyOf: [ref('StaleVersionError'), ref('Error')] } } }
        : errorContent(),
    };
  if (e.body || e.textBody)
    out['413'] = {
      description: 'The body is larger than this API accepts (`too_large`).',
      content: errorContent(),
    };
  if (e.body || e.textBody)
    out['415'] = {
      description: `The body is not of the media type this endpoint takes (\`unsupported:content_type\`): send \`Content-Type: ${e.textBody?.type ?? 'application/json'}\`.`,
      content: errorContent(),
    };
  out['429'] = {
    description: 'Too many requests from this caller (`rate_limited`); wait `Retry-After` seconds.',
    headers: retryAfter,
    content: errorContent(),
  };
  out['503'] = {
    description:
      'The database cannot be reached (`unavailable…`). Nothing changed; retry after `Retry-After` seconds.',
    headers: retryAfter,
    content: errorContent(),
  };
  return out;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the router validates with. */
export function openApiDocument(appUrl = env().appUrl) {
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
      operationId: e.operationId,
      summary: e.summary,
      tags: [e.tag],
      security: securityFor(e.callers ?? ['host']),
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
        ...errorResponses(e),
        default: { description: 'An unexpected error (`internal`).', content: errorContent() },
      },
    };
  }
  Object.assign(paths, eventsOpenApiPaths(), recordingFileOpenApiPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'Breakout REST API',
      version: '1.0.0',
      description: [
        'Presets, meetings, participants, breakout rooms, chat, polls, help requests, moderation and recordings',
        "of a self-hosted breakout-rooms server, in the envelope of RealtimeKit's REST API: `{success, data}`",
        '(with `paging` on lists) or `{success: false, error: {code, message, field?}}`.',
        "Hosts call it with an API key; participants with their token (or, from the app's own pages, their",
        'seat cookie); each operation lists the credentials it takes. Breakout commands take an optional',
        '`expected_version` and answer 409 with the current state when it is stale. The event stream',
        '(`GET /meetings/{meeting_id}/events`) carries every change as Server-Sent Events; the shapes of its',
        'messages are the `Event…` schemas under components.',
      ].join(' '),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${appUrl}/api/v1` }],
    tags: TAGS,
    components: {
      securitySchemes,
      schemas: {
        Error: json(errorDto, 'output'),
        StaleVersionError: json(errorDto.extend({ data: connectedMeetingsDto }), 'output'),
        ...eventStreamSchemas(),
      },
    },
    paths,
  };
}

const TAGS = [
  { name: 'Presets', description: 'What participants may do: permissions, media and what they see.' },
  { name: 'Meetings', description: 'Main meetings (breakout rooms are their connected meetings).' },
  { name: 'Participants', description: 'Seats in a meeting, each with a personal join link and token.' },
  { name: 'Media', description: 'Tokens for the media server, for the room the participant is in now.' },
  {
    name: 'Breakout rooms',
    description: 'Connected meetings: rooms of a main meeting, moves, the shared draft and the event stream.',
  },
  { name: 'Chat', description: 'Per-room chat and broadcasts to every room.' },
  { name: 'Polls', description: 'Polls in a meeting or room, and their votes.' },
  { name: 'Help requests', description: 'Participants asking the hosts for help from their room.' },
  { name: 'Moderation', description: 'Removing, muting and spotlighting people in the active session.' },
  { name: 'Recordings', description: 'Recordings of meetings and rooms, and their files.' },
  {
    name: 'Webhooks',
    description:
      'Outgoing webhooks: endpoints that receive signed events (Standard Webhooks), and their delivery logs.',
  },
];

function objectKeys(schema: z.ZodType | undefined): Array<[string, unknown, boolean]> {
  if (!schema || !(schema instanceof z.ZodObject)) return [];
  const doc = json(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(doc.properties ?? {}).map(([k, v]) => [k, v, doc.required?.includes(k) ?? false]);
}
