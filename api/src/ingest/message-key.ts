/** "<ABC@Example.COM>" → "abc@example.com": how Message-IDs are compared. */
export function normaliseMessageId(value: string): string | null {
  const trimmed = value.trim().replace(/^<|>$/g, '').trim();
  return trimmed.length > 0 && trimmed.length <= 998 ? trimmed.toLowerCase() : null;
}

/** Deduplication key: the normalised Message-ID, or a hash of the raw bytes when there is none. */
export function messageKey(messageId: string | null, rawSha256: Buffer): string {
  return (messageId && normaliseMessageId(messageId)) ?? `${rawSha256.toString('hex')}@missing.invalid`;
}
