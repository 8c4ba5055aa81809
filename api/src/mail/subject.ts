// Reply and forward prefixes in the languages mail clients use: Re, Fwd, AW/WG (German),
// SV/VS (Nordic), Antw/Doorst (Dutch), RV/RE/ENC (Spanish/Portuguese), TR (French), Odp/PD (Polish),
// R/I (Italian), YNT/İLT (Turkish), ΑΠ/ΣΧΕΤ/ΠΡΘ (Greek), 回复/转发 (Chinese), 答复, RES, FS.
const PREFIX = /^\s*(?:(?:re|fwd?|fw|aw|wg|sv|vs|vb|antw|doorst|rv|enc|res|tr|odp|pd|r|i|ynt|ilt|İlt|ΑΠ|ΣΧΕΤ|ΠΡΘ|回复|回覆|转发|轉寄|答复|fs)(?:\s*\[\d+\]|\s*\(\d+\))?\s*[:：]\s*)/iu;
const LIST_TAG = /^\s*\[[^\]]{1,40}\]\s*/u;

/** The subject without reply/forward prefixes and list tags, for matching a thread by subject. */
export function baseSubject(subject: string): string {
  let current = subject.normalize('NFC').trim();
  for (let guard = 0; guard < 20; guard += 1) {
    const next = current.replace(PREFIX, '').replace(LIST_TAG, '');
    if (next === current) break;
    current = next;
  }
  return current.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** "Re: " + the base subject as written (case kept, prefixes and list tags gone), never doubled. */
export function replySubject(subject: string): string {
  let current = subject.trim();
  for (let guard = 0; guard < 20; guard += 1) {
    const next = current.replace(PREFIX, '').replace(LIST_TAG, '');
    if (next === current) break;
    current = next;
  }
  return `Re: ${current.replace(/\s+/g, ' ').trim() || '(no subject)'}`;
}
