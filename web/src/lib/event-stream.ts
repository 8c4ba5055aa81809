/**
 * One Server-Sent Events connection per tab (`GET /api/events`), shared by every feature that listens
 * (the inbox, the notification bell): browsers allow few connections per server, so each tab opens one.
 */
type Listener = (data: string) => void;

let source: EventSource | null = null;
const listeners = new Map<string, Set<Listener>>();
let users = 0;

function ensureSource(): EventSource {
  if (source) return source;
  const next = new EventSource('/api/events', { withCredentials: true });
  for (const type of listeners.keys()) attach(next, type);
  source = next;
  return next;
}

function attach(target: EventSource, type: string): void {
  target.addEventListener(type, (message) => {
    for (const listener of listeners.get(type) ?? []) listener(type === 'open' ? '' : (message as MessageEvent<string>).data);
  });
}

/** Listens to one event type (or 'open', after every (re)connection); returns the unsubscribe function. */
export function subscribeEvents(type: string, listener: Listener): () => void {
  let set = listeners.get(type);
  if (!set) {
    set = new Set();
    listeners.set(type, set);
    if (source) attach(source, type);
  }
  set.add(listener);
  users += 1;
  ensureSource();
  return () => {
    set.delete(listener);
    users -= 1;
    if (users === 0) {
      source?.close();
      source = null;
      listeners.clear();
    }
  };
}
