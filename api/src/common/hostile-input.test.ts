import { describe, expect, it } from 'vitest';
import { findHostileJson, findHostilePath, findHostileQuery, MAX_JSON_DEPTH } from './hostile-input.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

describe('findHostileJson', () => {
  it.each([
    { name: 'plain text', body: { email: 'ada@example.test', note: 'Zoë 🍞' }, field: null },
    { name: 'a NUL in a field', body: { email: 'ada@example.test\u0000' }, field: 'body.email' },
    { name: 'a NUL deep in an array', body: { items: [{ text: 'ok' }, { text: 'a\u0000b' }] }, field: 'body.items.1.text' },
    { name: 'a lone high surrogate', body: { subject: 'x\ud800y' }, field: 'body.subject' },
    { name: 'a lone low surrogate', body: { subject: '\udc00' }, field: 'body.subject' },
    { name: 'a NUL in a key', body: { 'na\u0000me': 'x' }, field: 'body key' },
    { name: 'numbers, booleans and null', body: { limit: 5, on: true, none: null }, field: null },
    { name: 'nesting at the limit', body: nested(MAX_JSON_DEPTH), field: null },
    { name: 'nesting past the limit', body: nested(MAX_JSON_DEPTH + 1), field: `body${'.0'.repeat(MAX_JSON_DEPTH)}` },
  ])('$name', ({ body, field }) => {
    expect(findHostileJson(body)?.field ?? null).toBe(field);
  });

  it('walks 100,000 levels of nesting without exhausting the stack', () => {
    expect(findHostileJson(nested(100_000))?.message).toMatch(/nested more than/);
  });
});

describe('findHostileQuery', () => {
  it.each([
    { name: 'single values', query: { status: 'open', limit: '5' }, field: null },
    { name: 'a repeated parameter', query: { status: ['open', 'closed'] }, field: 'status' },
    { name: 'a NUL value', query: { q: 'a\u0000' }, field: 'q' },
    { name: 'a NUL name', query: { 'q\u0000': 'a' }, field: 'query parameter name' },
  ])('$name', ({ query, field }) => {
    expect(findHostileQuery(query)?.field ?? null).toBe(field);
  });
});

describe('findHostilePath', () => {
  it.each([
    { path: '/api/conversations/8f0c', hostile: false },
    { path: '/api/conversations/%00', hostile: true },
    { path: '/api/conversations/%ED%A0%80', hostile: true },
    { path: '/api/conversations/%E2%90%80', hostile: false },
  ])('$path', ({ path, hostile }) => {
    expect(findHostilePath(path) !== null).toBe(hostile);
  });
});
