import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * PostgreSQL reads a bare name in ORDER BY as the select list's column first: in
 * `SELECT id::text FROM message ORDER BY id` it orders the text, so "10" comes before "9". That
 * merged conversations into the wrong one and named the wrong "new" message of a held reply. Every
 * ORDER BY over a column the same statement casts to text must name the table's column (`message.id`).
 */
const SOURCE = join(import.meta.dirname, '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Where a statement orders by a name its select list gives to a text cast. */
export function textOrderings(sql: string): string[] {
  const textNames = new Set<string>();
  for (const cast of sql.matchAll(/(?:\b\w+\.)?"?(\w+)"?::text(?:\s+AS\s+"?(\w+)"?)?/gi)) textNames.add((cast[2] ?? cast[1])!);
  const found: string[] = [];
  // A window's ORDER BY (OVER (… ORDER BY day …)) names the input's columns, never the select list's.
  // So does an aggregate's (array_agg(x ORDER BY day), WITHIN GROUP (ORDER BY …)); a subquery's does not (it has a SELECT).
  const outsideWindows = sql.replace(/\bOVER\s*\([^)]*\)/gi, '').replace(/\b\w+\s*\((?:(?!\bSELECT\b)[^()])*?\bORDER BY\b[^()]*\)/gi, '');
  for (const order of outsideWindows.matchAll(/ORDER BY\s+([^)`]*?)(?=\bLIMIT\b|\bFOR\b|\bOFFSET\b|\bROWS\b|\)|$)/gis)) {
    for (const term of order[1]!.split(',')) {
      const name = term.trim().split(/\s+/)[0]?.replace(/"/g, '');
      if (name && textNames.has(name)) found.push(`ORDER BY ${term.trim()}`);
    }
  }
  return found;
}

describe('ORDER BY over ids', () => {
  it('finds the mistake in the statement that merged the wrong conversation', () => {
    expect(textOrderings('SELECT id::text, subject FROM conversation WHERE id = ANY($1) ORDER BY id FOR UPDATE')).toEqual(['ORDER BY id']);
    expect(textOrderings('SELECT m.id::text AS "messageId" FROM message m ORDER BY received_at DESC, "messageId" DESC LIMIT 20')).toEqual(['ORDER BY "messageId" DESC']);
    expect(textOrderings('SELECT c.id::text AS id FROM conversation c ORDER BY c.id FOR UPDATE')).toEqual([]);
    expect(textOrderings('SELECT id::text FROM message ORDER BY message.id DESC LIMIT $2')).toEqual([]);
    expect(textOrderings('SELECT day::text AS day, sum(n) OVER (ORDER BY day ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) FROM days')).toEqual([]);
    expect(textOrderings('SELECT d::text AS day, array_agg(starts ORDER BY day) FROM days GROUP BY d')).toEqual([]);
    expect(textOrderings('SELECT subject FROM conversation WHERE id IN (SELECT id::text FROM message ORDER BY id LIMIT 3)')).toEqual(['ORDER BY id']);
  });

  it('never orders by a name the same statement casts to text, anywhere in the API', () => {
    const mistakes: string[] = [];
    for (const file of sourceFiles(SOURCE)) {
      const text = readFileSync(file, 'utf8');
      for (const statement of text.matchAll(/`([^`]*)`/g)) {
        if (!/\bSELECT\b/i.test(statement[1]!)) continue;
        for (const mistake of textOrderings(statement[1]!)) mistakes.push(`${relative(SOURCE, file)}: ${mistake}`);
      }
    }
    expect(mistakes).toEqual([]);
  });
});
