/**
 * A small checker for the JSON Schemas that `z.toJSONSchema` writes for the hub's answers to the public pages.
 *
 * Why it exists: the kiosk and the display read two hub answers (their device config, the day's figures), and zod
 * for those two would be a sixth of the kiosk page's script budget (docs/decisions/0100-one-document-per-audience.md).
 * The schemas stay zod schemas in shared/; `npm run gen:client-schemas` writes their JSON Schema into
 * ./clientSchemas.ts, a test fails when that file drifts from them, and this checker applies it. It knows the
 * keywords in KNOWN_KEYWORDS and nothing else; the generator refuses a schema that uses any other, so a schema can
 * never be checked more loosely here than by zod.
 */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

export interface JsonSchema {
  type?: JsonType | readonly JsonType[];
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: readonly unknown[];
  const?: unknown;
  anyOf?: readonly JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export const KNOWN_KEYWORDS: readonly string[] = [
  '$schema',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
];

function typeOf(v: unknown): JsonType | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isFinite(v) ? (Number.isInteger(v) ? 'integer' : 'number') : 'other';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object') return typeof v as JsonType;
  return 'other';
}

const typeMatches = (want: JsonType, got: JsonType | 'other') => want === got || (want === 'number' && got === 'integer');

/** The first problem found, as "path: what" (path like `scale.map[2]`), or null when the value fits the schema. */
export function jsonProblem(schema: JsonSchema, value: unknown, path = '$'): string | null {
  const got = typeOf(value);
  if (schema.type !== undefined) {
    const wants = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!wants.some((w) => typeMatches(w, got))) return `${path}: expected ${wants.join(' or ')}, got ${got}`;
  }
  if (schema.anyOf && !schema.anyOf.some((s) => jsonProblem(s, value, path) === null)) return `${path}: matches none of the allowed forms`;
  if (schema.enum && !schema.enum.includes(value)) return `${path}: not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  if ('const' in schema && value !== schema.const) return `${path}: must be ${JSON.stringify(schema.const)}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${path}: below ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${path}: above ${schema.maximum}`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `${path}: not above ${schema.exclusiveMinimum}`;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return `${path}: not below ${schema.exclusiveMaximum}`;
  }
  if (typeof value === 'string') {
    const length = value.length; // UTF-16 units, as zod counts
    if (schema.minLength !== undefined && length < schema.minLength) return `${path}: shorter than ${schema.minLength}`;
    if (schema.maxLength !== undefined && length > schema.maxLength) return `${path}: longer than ${schema.maxLength}`;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return `${path}: does not match ${schema.pattern}`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${path}: fewer than ${schema.minItems} items`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${path}: more than ${schema.maxItems} items`;
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const p = jsonProblem(schema.items, value[i], `${path}[${i}]`);
        if (p) return p;
      }
    }
  }
  if (got === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj) || obj[key] === undefined) return `${path}.${key}: missing`;
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) {
        const p = jsonProblem(sub, v, `${path}.${key}`);
        if (p) return p;
      } else if (schema.additionalProperties === false) return `${path}.${key}: not allowed`;
    }
  }
  return null;
}

export type Checked<T> = { success: true; data: T } | { success: false; error: string };

/** A `safeParse` for a generated schema: the value itself (not a copy) when it fits. */
export function jsonChecker<T>(schema: JsonSchema): { safeParse(value: unknown): Checked<T> } {
  return {
    safeParse(value) {
      const error = jsonProblem(schema, value);
      return error === null ? { success: true, data: value as T } : { success: false, error };
    },
  };
}

/** Keywords in `schema` (at any depth) that jsonProblem does not apply; the generator refuses a schema with any. */
export function unknownKeywords(schema: unknown): string[] {
  const found = new Set<string>();
  const walk = (s: unknown) => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!KNOWN_KEYWORDS.includes(k)) found.add(k);
    if (o.properties && typeof o.properties === 'object') for (const sub of Object.values(o.properties)) walk(sub);
    if (o.items) walk(o.items);
    if (Array.isArray(o.anyOf)) o.anyOf.forEach(walk);
  };
  walk(schema);
  return [...found];
}
