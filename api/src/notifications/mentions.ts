export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

const isWordCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}_]/u.test(character);
// Before an @, a dot or hyphen also means "inside an address" (first.last@…).
const isAddressCharacter = (character: string | undefined) => character !== undefined && /[\p{L}\p{N}_.+-]/u.test(character);

/**
 * The people an internal note mentions: `@` followed by a teammate's full name or the part of their
 * email before the @, case-insensitively, ending where the name ends (`@Ana,` mentions Ana; `@Anabel`
 * does not). At each `@` the longest matching name wins, so `@Ana Lima` is Ana Lima even when an Ana exists.
 * An `@` inside a word (an email address) is not a mention.
 */
export function findMentions(text: string, people: readonly Mentionable[]): string[] {
  const candidates = people
    .flatMap((person) => [person.name, person.email.split('@')[0] ?? ''].filter((label) => label.trim().length > 0).map((label) => ({ id: person.id, label: label.toLocaleLowerCase() })))
    .sort((a, b) => b.label.length - a.label.length);
  const lower = text.toLocaleLowerCase();
  const found = new Set<string>();
  for (let index = lower.indexOf('@'); index !== -1; index = lower.indexOf('@', index + 1)) {
    if (isAddressCharacter(text[index - 1])) continue;
    const match = candidates.find(({ label }) => lower.startsWith(label, index + 1) && !isWordCharacter(lower[index + 1 + label.length]));
    if (match) found.add(match.id);
  }
  return [...found];
}
