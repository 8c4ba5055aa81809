/** The `@name` being typed just before the caret: where its @ is and what follows it, or null. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  // An @ inside a word is an email address, not a mention.
  if (at > 0 && /[\p{L}\p{N}_.+-]/u.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  // A name is one line, three words at most; a space just typed ends it (as after choosing a suggestion).
  if (query.length > 40 || /\s$/.test(query) || /\n/.test(query) || query.split(' ').length > 3) return null;
  return { start: at, query };
}

/** Teammates whose name (any word of it) or email starts with the query, best first. */
export function matchTeammates<T extends { name: string; email: string }>(people: readonly T[], query: string, limit = 6): T[] {
  const wanted = query.trim().toLocaleLowerCase();
  const score = (person: T) => {
    const name = person.name.toLocaleLowerCase();
    if (name.startsWith(wanted)) return 0;
    if (name.split(/\s+/).some((word) => word.startsWith(wanted))) return 1;
    if (person.email.toLocaleLowerCase().startsWith(wanted)) return 2;
    return -1;
  };
  return people
    .map((person) => ({ person, score: score(person) }))
    .filter((entry) => entry.score >= 0)
    .sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name))
    .slice(0, limit)
    .map((entry) => entry.person);
}
