// Checks every answer the integration tests get from the REST API against the OpenAPI document, as an
// integrator's generated client would: the status must be one the operation documents, and the body must
// match that status's schema. A mismatch fails the test that made the request.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { openApiDocument } from '@/lib/api/openapi';

type Doc = ReturnType<typeof openApiDocument>;
let doc: Doc | undefined;
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();
let templates: Array<{ re: RegExp; path: string }> | undefined;

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function setup() {
  doc ??= openApiDocument();
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(ajv);
    ajv.addSchema(doc, 'openapi');
  }
  templates ??= Object.keys(doc.paths).map((path) => ({
    path,
    re: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
  }));
  return { doc, ajv, templates };
}

/** Throws when `body`, answered with `status` to `method path`, is not what the document says. */
export function checkAnswer(method: string, pathWithQuery: string, status: number, body: unknown) {
  const { doc, ajv, templates } = setup();
  const path = pathWithQuery.split('?')[0]!.replace(/\/+$/, '') || '/';
  // Several templates can match (a literal segment and a parameter): the router prefers the first.
  const template = templates.find((t) => t.re.test(path) && doc.paths[t.path]?.[method.toLowerCase()]);
  // No such operation: the router's own 404 (no route) or 405 (wrong method), outside the document.
  if (!template) return;
  const op = doc.paths[template.path]![method.toLowerCase()] as {
    operationId: string;
    responses: Record<string, { content?: Record<string, unknown> }>;
  };
  const documented = op.responses[String(status)];
  if (!documented)
    throw new Error(
      `${method} ${template.path} (${op.operationId}) answered ${status}, which the OpenAPI document does not list (it lists ${Object.keys(op.responses).join(', ')}): ${JSON.stringify(body).slice(0, 300)}`,
    );
  const key = `openapi#/${pointer('paths', template.path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: key });
    compiled.set(key, validate);
  }
  if (!validate(body))
    throw new Error(
      `${method} ${template.path} (${op.operationId}) answered ${status} with a body the OpenAPI document does not allow: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n${JSON.stringify(body).slice(0, 500)}`,
    );
}

/** Why an event-stream message does not match the document's EventStreamMessage schemas, or null. */
export function eventMessageProblem(message: { event: string; id?: string; data: string }): string | null {
  const { doc, ajv } = setup();
  const name = `Event${message.event.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
  if (!(name in doc.components.schemas))
    return `event "${message.event}" has no schema in the OpenAPI document (components.schemas.${name})`;
  const key = `openapi#/components/schemas/${name}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: key });
    compiled.set(key, validate);
  }
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return `event "${message.event}" carries data that is not JSON: ${message.data.slice(0, 200)}`;
  }
  const parsed = { event: message.event, ...(message.id === undefined ? {} : { id: message.id }), data };
  return validate(parsed)
    ? null
    : `event "${message.event}" does not match ${name}: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n${message.data.slice(0, 500)}`;
}
