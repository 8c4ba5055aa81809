export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Ids of bigint rows (conversations, messages) as they travel in URLs. */
export function isBigintId(value: string): boolean {
  return /^[1-9]\d{0,17}$/.test(value);
}
