/**
 * Input no handler should ever see, found once for every request: text PostgreSQL cannot store
 * (U+0000) or that is not Unicode at all (a lone surrogate), repeated query parameters where every
 * route takes one value, and JSON nested deeper than any request of ours. Returns what is wrong
 * (for a 400) or null.
 */
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface HostileInput {
  field: string;
  message: string;
}

export function findHostileText(value: string, field: string): HostileInput | null {
  if (value.includes('\u0000')) return { field, message: 'must not contain NUL characters (U+0000)' };
  if (LONE_SURROGATE.test(value)) return { field, message: 'must be valid Unicode text (it contains a lone surrogate)' };
  return null;
}

/** Walks a parsed JSON body without recursion (so depth cannot exhaust the stack). */
export function findHostileJson(body: unknown, root = 'body'): HostileInput | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = findHostileText(value, path);
      if (problem) return problem;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { field: path, message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}.${index}`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = findHostileText(key, `${path} key`);
      if (keyProblem) return keyProblem;
      stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

/** Query parameters: each must be one text value. */
export function findHostileQuery(query: Record<string, unknown>): HostileInput | null {
  for (const [name, value] of Object.entries(query)) {
    const nameProblem = findHostileText(name, 'query parameter name');
    if (nameProblem) return nameProblem;
    if (typeof value !== 'string') return { field: name, message: 'must be given once, as a single value' };
    const problem = findHostileText(value, name);
    if (problem) return problem;
  }
  return null;
}

/** The request path, once percent-decoded: what route parameters will hold. */
export function findHostilePath(path: string): HostileInput | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { field: 'path', message: 'is not valid percent-encoded UTF-8' };
  }
  return findHostileText(decoded, 'path');
}
