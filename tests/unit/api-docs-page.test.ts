import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EndpointCard, operationId, type Operation } from '@/components/docs/endpoint-card';
import { openApiDocument } from '@/lib/api/openapi';

// /docs/api renders one card per operation of the OpenAPI document; one card that throws makes the whole
// page a 500 (the event stream's answer is text/event-stream, not JSON).
const operations = Object.entries(openApiDocument().paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(
    ([method, op]) => ({ ...(op as object), method: method.toUpperCase(), path }) as Operation,
  ),
);

describe('the API documentation page', () => {
  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    'renders the card of %s',
    (_n, op) => {
      const html = renderToStaticMarkup(createElement(EndpointCard, { op }));
      expect(html).toContain(`id="${operationId(op)}"`);
    },
  );

  it('says what the event stream answers with', () => {
    const events = operations.find((op) => op.path.endsWith('/events'))!;
    expect(renderToStaticMarkup(createElement(EndpointCard, { op: events }))).toContain('text/event-stream');
  });
});
