/**
 * One Server-Sent Events connection per tab (`GET /api/events`), shared by every feature that listens
 * (the inbox, the notification bell): browsers allow few connections per server, so each tab opens one.
 */
type Listener = (data: string) => void;

let source: EventSource | null = null;
const listeners = new Map<string, Set<Listener>>();
let users = 0;

/** Whether the stream is connected; 'lost' while the server cannot be reached (the browser or we retry). */
export type StreamState = 'connecting' | 'open' | 'lost';
let state: StreamState = 'connecting';
const stateListeners = new Set<(next: StreamState) => void>();
let reopenTimer: number | null = null;
const REOPEN_AFTER_MS = 5_000;

function setState(next: StreamState): void {
  if (next === state) return;
  state = next;
  for (const listener of stateListeners) listener(next);
}

function ensureSource(): EventSource {
  if (source) return source;
  const next = new EventSource('/api/events', { withCredentials: true });
  for (const type of listeners.keys()) attach(next, type);
  next.addEventListener('open', () => setState('open'));
  next.addEventListener('error', () => {
    setState('lost');
    // The browser retries a dropped stream by itself; an answer that is not a stream (a proxy's 502
    // while the app restarts) closes it for good, so it is opened again here after a pause.
    if (next.readyState === EventSource.CLOSED && source === next && reopenTimer === null) {
      reopenTimer = window.setTimeout(() => {
        reopenTimer = null;
        if (source !== next || users === 0) return;
        source = null;
        ensureSource();
      }, REOPEN_AFTER_MS);
    }
  });
  source = next;
  return next;
}

/** The stream's state now, and each change; returns the unsubscribe function. */
export function watchStreamState(listener: (next: StreamState) => void): () => void {
  stateListeners.add(listener);
  listener(state);
  return () => void stateListeners.delete(listener);
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
      if (reopenTimer !== null) window.clearTimeout(reopenTimer);
      reopenTimer = null;
      setState('connecting');
    }
  };
}
