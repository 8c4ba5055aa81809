import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';

/**
 * Every route of the OpenAPI document, fed generated hostile values (NUL, lone surrogates, 1 MB
 * strings, deep JSON, numbers as strings, prototype keys, repeated query parameters) in its path,
 * query and body: no 5xx, no stack trace, and nothing stored when the answer is a 4xx.
 */
let testApp: TestApp;
let admin: ApiClient;
let document: { paths: Record<string, Record<string, Operation>> };

interface Operation {
  parameters?: { name: string; in: 'path' | 'query' }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Real ids (people, a rotation, a theme, a feed) so hostile bodies also reach routes that find their row. */
const realIds: string[] = [];

/** A value the schema accepts (as far as JSON Schema says), so one hostile field gets past the others. */
function plausible(schema: JsonSchema | undefined): unknown {
  if (!schema) return 'plain words';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (variant) return plausible(variant);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') return Object.fromEntries((schema.required ?? []).map((name) => [name, plausible(schema.properties?.[name])]));
  if (type === 'array') return [];
  if (type === 'boolean') return true;
  if (type === 'number' || type === 'integer') return schema.minimum ?? 1;
  if (schema.format === 'email') return 'someone@example.test';
  if (schema.format === 'uuid' || schema.pattern?.includes('[0-9a-fA-F]{8}')) return realIds[0] ?? randomUUID();
  if (schema.format === 'date' || schema.pattern?.includes('\\d{4}')) return '2026-03-02';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.test/issues/1';
  return 'plain words '.repeat(Math.ceil((schema.minLength ?? 1) / 12) + 1).trim();
}

beforeAll(async () => {
  testApp = await startTestApp();
  admin = new ApiClient(testApp.baseUrl);
  expect((await admin.setup(FOUNDER)).status).toBe(201);
  const member = await admin.post('/api/people', { name: 'Grace', email: 'grace@example.test', password: 'another long password', access: 'member', supportRole: 'programmer', timeZone: 'UTC', workingDays: [1, 2, 3] });
  const rotation = await admin.post('/api/rotations', { name: 'Support', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], startDate: '2026-03-02', members: [{ personId: member.body.id }] });
  const theme = await admin.post('/api/themes', { name: 'Calendar sync', description: 'Events lost', phrases: ['calendar sync'] });
  const feed = await admin.post('/api/calendar-feeds', {});
  realIds.push(member.body.id, rotation.body.id, theme.body.id, admin.csrfToken ? (await admin.get('/api/session')).body.person.id : randomUUID(), feed.body?.id ?? randomUUID());
  expect(realIds.slice(0, 3).every((id) => typeof id === 'string')).toBe(true);
  document = (await (await fetch(`${testApp.baseUrl}/api/docs/openapi.json`)).json()) as typeof document;
});
afterAll(async () => {
  await testApp?.close();
});

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const MEGABYTE = 'x'.repeat(1_048_576);

const hostileText = fc.oneof(
  fc.string().map((text) => `${text}\u0000${text}`),
  fc.constantFrom('\u0000', 'a\ud800b', '\udfff', '\ud83d', '%00', '\u2028', '﻿', ' '),
  fc.constantFrom('123', '-1', '0', '1e309', 'NaN', 'true', 'null', '9999999999999999999999', '2026-02-30', '00000000-0000-0000-0000-000000000000'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
  fc.constantFrom("'; DROP TABLE person; --", '<script>alert(1)</script>', '../../etc/passwd', '${7*7}', '%s%n'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant(MEGABYTE.slice(0, 200_000)),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(MEGABYTE),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308, null, true, false),
  fc.array(hostileText, { maxLength: 5 }),
  fc.dictionary(hostileText, hostileText, { maxKeys: 3 }),
);

/** A raw JSON text for the body: built from the route's own fields, or hostile as a whole. */
function hostileBody(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const fields = Object.keys(schema?.properties ?? {});
  const base = (plausible(schema ?? { type: 'object' }) ?? {}) as Record<string, unknown>;
  const oneHostileField = fields.length
    ? fc.tuple(fc.constantFrom(...fields), hostileValue).map(([field, value]) => JSON.stringify({ ...base, [field]: value }))
    : fc.constant(JSON.stringify(base));
  const record = fields.length
    ? fc.record(Object.fromEntries(fields.map((field) => [field, hostileValue])), { requiredKeys: [] }).map((body) => JSON.stringify(body))
    : fc.constant('{}');
  return fc.oneof(
    { weight: 5, arbitrary: oneHostileField },
    { weight: 3, arbitrary: record },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        deepArray(100_000),
        `{"a":${deepArray(5_000)}}`,
        '{"__proto__":{"access":"admin","isAdmin":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        'null',
        '"just a string"',
        '12',
        '[]',
        '{"email":',
        '{"a":"\\u0000"}',
        '{"a":"\\ud800"}',
        JSON.stringify({ text: MEGABYTE }),
      ),
    },
  );
}

function hostileQuery(names: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.constantFrom(...names, 'limit', 'status', 'q'), hostileText, fc.boolean());
  return fc.array(pair, { maxLength: 4 }).map((pairs) =>
    pairs
      .flatMap(([name, value, repeat]) => (repeat ? [[name, value], [name, 'again']] : [[name, value]]))
      .map(([name, value]) => `${encodeURIComponent(name!)}=${encodeQueryValue(value!)}`)
      .join('&'),
  );
}

// encodeURIComponent throws on lone surrogates; send their UTF-8-ish bytes raw percent-encoded instead.
function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((char) => `%${(char.codePointAt(0)! & 0xff).toString(16).padStart(2, '0')}%ED%A0%80`).join('');
  }
}

const pathValue = fc.oneof(
  fc.constant(randomUUID()),
  fc.constantFrom(0, 1, 2, 3, 4).map((index) => realIds[index] ?? randomUUID()),
  hostileText.filter((text) => text.length < 5_000).map(encodeQueryValue),
  fc.constantFrom('%00', '%ED%A0%80', '..', '%2e%2e', 'not-a-uuid', '1', '-1', '%C0%80'),
);

const STACK_TRACE = /\n\s+at [\w.<]|node_modules|\/api\/src\/|\.(ts|js):\d+:\d+/;
// Security bookkeeping a refused request may write (a failed sign-in is audited and counted).
const BOOKKEEPING = new Set(['audit_event', 'sign_in_throttle', 'migrations']);

async function storedSince(xid: bigint): Promise<string[]> {
  const { rows: tables } = await testApp.database.pool.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  const watched = tables.map((table) => table.name).filter((name) => !BOOKKEEPING.has(name));
  const { rows } = await testApp.database.pool.query<{ name: string; changed: number }>(
    watched.map((name) => `SELECT '${name}' AS name, COUNT(*)::int AS changed FROM "${name}" WHERE xmin::text::bigint >= $1`).join(' UNION ALL '),
    [xid.toString()],
  );
  return rows.filter((row) => row.changed > 0).map((row) => row.name);
}

async function rowCounts(): Promise<string> {
  const { rows } = await testApp.database.pool.query<{ name: string; count: number }>(
    `SELECT relname AS name, (xpath('/row/c/text()', query_to_xml(format('SELECT COUNT(*) AS c FROM %I', relname), false, true, '')))[1]::text::int AS count
     FROM pg_stat_user_tables WHERE relname NOT IN ('audit_event', 'sign_in_throttle') ORDER BY relname`,
  );
  return JSON.stringify(rows);
}

describe('hostile input on every documented route', () => {
  it('never answers 5xx, never shows a stack trace, and stores nothing on a 4xx', async () => {
    const RUNS_PER_ROUTE = 30;
    const report: { route: string; tried: number; fiveHundreds: number }[] = [];
    const failures: string[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        // Signing out or streaming forever would end the run, not test it.
        if (template === '/api/events') continue;
        const route = `${method.toUpperCase()} ${template}`;
        const pathNames = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
        const queryNames = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        let tried = 0;
        let fiveHundreds = 0;
        await fc.assert(
          fc.asyncProperty(fc.tuple(...pathNames.map(() => pathValue)), hostileQuery(queryNames), hostileBody(bodySchema), async (pathValues, query, body) => {
            let path = template;
            pathNames.forEach((name, index) => (path = path.replace(`{${name}}`, pathValues[index]!)));
            if (query) path += `?${query}`;
            const { rows } = await testApp.database.pool.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
            const before = await rowCounts();
            const response = await admin.request(method.toUpperCase(), path, method === 'get' || method === 'delete' ? undefined : body);
            tried += 1;
            const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
            if (response.status >= 500) {
              fiveHundreds += 1;
              failures.push(`${route} → ${response.status} for ${path.slice(0, 200)} ${body.slice(0, 200)}`);
            }
            if (STACK_TRACE.test(text)) failures.push(`${route} showed a stack trace: ${text.slice(0, 300)}`);
            if (response.status >= 400 && response.status < 500) {
              const stored = await storedSince(BigInt(rows[0]!.xid));
              const after = await rowCounts();
              if (stored.length > 0 || after !== before) failures.push(`${route} → ${response.status} but stored into ${stored.join(', ') || 'a table (row counts changed)'}`);
            }
            // A route that ended the session (sign-out, password change): sign in again.
            if ((await admin.get('/api/session')).status === 401) expect((await admin.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
          }),
          { numRuns: RUNS_PER_ROUTE, seed: 13 },
        );
        report.push({ route, tried, fiveHundreds });
      }
    }
    console.log(`hostile input: ${report.length} routes, ${report.reduce((sum, row) => sum + row.tried, 0)} requests, ${report.reduce((sum, row) => sum + row.fiveHundreds, 0)} answered 5xx`);
    console.table(report);
    expect(failures).toEqual([]);
    expect(report.length).toBeGreaterThan(40);
  }, 900_000);
});

describe('the answers people see', () => {
  it('answers a NUL in the sign-in email with a clear 400', async () => {
    const response = await new ApiClient(testApp.baseUrl).post('/api/session', { email: 'ada@wholegrain.test\u0000', password: FOUNDER.password });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'validation_failed',
      message: 'Please correct the request. body.email must not contain NUL characters (U+0000).',
      details: { 'body.email': ['must not contain NUL characters (U+0000)'] },
    });
  });

  it('answers a NUL in a theme name with a 400 and stores no theme', async () => {
    const before = (await testApp.database.pool.query('SELECT COUNT(*)::int AS count FROM theme')).rows[0].count;
    const response = await admin.post('/api/themes', { name: 'Bad\u0000name', description: '', phrases: [] });
    expect(response.status).toBe(400);
    expect((await testApp.database.pool.query('SELECT COUNT(*)::int AS count FROM theme')).rows[0].count).toBe(before);
  });

  it('answers a repeated query parameter with a 400 naming it', async () => {
    const response = await admin.get('/api/conversations?status=open&status=closed');
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual({ status: ['must be given once, as a single value'] });
  });

  it('answers JSON nested 100,000 deep with a 400, not a crash', async () => {
    const response = await admin.request('POST', '/api/themes', `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(response.status).toBe(400);
  });
});
