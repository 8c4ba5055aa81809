/** The header section of a raw message, unfolded: name (lower-case) → every value in order. */
export function readHeaders(raw: Buffer | string): Map<string, string[]> {
  const text = raw.toString();
  const end = text.search(/\r?\n\r?\n/);
  const section = end === -1 ? text : text.slice(0, end);
  const headers = new Map<string, string[]>();
  for (const line of section.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

export const header = (raw: Buffer | string, name: string): string | undefined => readHeaders(raw).get(name.toLowerCase())?.[0];
