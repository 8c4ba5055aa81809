import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * One offer shown outside the component that made it (an Undo banner above the inbox's panes, which
 * stays while the inbox opens another conversation): `publish` replaces it, `useOffer` reads it.
 */
export function createOfferStore<T>() {
  let offer: T | null = null;
  const listeners = new Set<() => void>();
  const publish = (next: T | null) => {
    offer = next;
    for (const listener of listeners) listener();
  };
  const useOffer = () =>
    useSyncExternalStore(
      (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      () => offer,
    );
  return { publish, useOffer };
}

/**
 * The time now, ticking each second while `active` (an Undo countdown), never before `since` (when the
 * offer was made): the last tick may be long past, and a fresh 10 s offer then read "12s".
 */
function useNow(active: boolean, since = 0): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return Math.max(now, since);
}

/** Whole seconds left to take an offer back (0 with no offer, never negative), ticking each second. */
export function useSecondsLeft(offer: { deadline: number; offeredAt: number } | null): number {
  const now = useNow(offer !== null, offer?.offeredAt);
  return offer ? Math.max(0, Math.ceil((offer.deadline - now) / 1000)) : 0;
}
