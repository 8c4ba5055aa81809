/** "<ABC@Example.COM>" → "abc@example.com": how Message-IDs are compared. */
export function normaliseMessageId(value: string): string | null {
  const trimmed = value.trim().replace(/^<|>$/g, '').trim();
  return trimmed.length > 0 && trimmed.length <= 998 ? trimmed.toLowerCase() : null;
}

/** Deduplication key: the normalised Message-ID, or a hash of the raw bytes when there is none. */
export function messageKey(messageId: string | null, rawSha256: Buffer): string {
  return (messageId && normaliseMessageId(messageId)) ?? `${rawSha256.toString('hex')}@missing.invalid`;
}

/** Our outbound Message-IDs carry the conversation's token: <wg.TOKEN.UNIQUE@domain>. */
export function ourMessageId(threadToken: string, unique: string, domain: string): string {
  return `<wg.${threadToken}.${unique}@${domain}>`;
}

/** The conversation token from any of our Message-IDs among these ids, newest reference last. */
export function threadTokenIn(ids: string[]): string | null {
  for (const id of [...ids].reverse()) {
    const match = /^<?wg\.([a-z0-9]{16,64})\.[a-z0-9]+@/i.exec(id.trim());
    if (match?.[1]) return match[1].toLowerCase();
  }
  return null;
}
