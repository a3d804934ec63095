// Turns the JSON Schemas of the OpenAPI document into rows a person can read: one row per field, nested
// objects flattened into dotted names ("permissions.media.audio.can_produce").

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: unknown;
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

/** A short type: "string (uuid)", "ACTIVE | INACTIVE", "array of object". */
export function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map(String).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(' or ');
  const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  if (type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.format === 'uri') return 'string (URL)';
  return s.format ? `${type} (${s.format.replace('date-time', 'ISO 8601 date-time')})` : type;
}

/** Limits and defaults in words: "1–64 characters, default 20". */
export function notesOf(s: JsonSchema): string {
  const notes: string[] = [];
  if (s.description) notes.push(s.description);
  notes.push(...range(s.minLength, s.maxLength, ' characters'));
  notes.push(...range(s.minimum, s.maximum, ''));
  if (s.default !== undefined && typeof s.default !== 'object')
    notes.push(`default ${JSON.stringify(s.default)}`);
  if (s.anyOf?.some((x) => x.type === 'null')) notes.push('may be null');
  return notes.join(', ');
}

/** Every field of an object schema, nested objects included up to `depth` levels. */
export function fieldRows(schema: JsonSchema | undefined, depth = 6, prefix = ''): FieldRow[] {
  if (!schema?.properties) return [];
  const rows: FieldRow[] = [];
  for (const [key, child] of Object.entries(schema.properties)) {
    const name = prefix + key;
    const required = schema.required?.includes(key) ?? false;
    rows.push({ name, type: typeOf(child), required, notes: notesOf(child) });
    if (child.properties && depth > 1) rows.push(...fieldRows(child, depth - 1, `${name}.`));
  }
  return rows;
}

function range(min: number | undefined, max: number | undefined, unit: string): string[] {
  if (min !== undefined && max !== undefined) return [`${min}–${max}${unit}`];
  if (max !== undefined) return [`at most ${max}${unit}`];
  if (min !== undefined) return [`at least ${min}${unit}`];
  return [];
}
