import { useEffect, useState } from 'react';
import { type StreamState, watchStreamState } from '../../../lib/event-stream';

/** A blip (a proxy's idle timeout, a laptop waking up) is not worth a word; a lost server is. */
const SAY_LOST_AFTER_MS = 3_000;

/**
 * Says when Wholegrain cannot be reached (the server stopped, restarts, or the network is gone):
 * new mail and teammates' changes do not arrive meanwhile. Gone again by itself once the live
 * stream is back, and the inbox then fetches what it missed.
 */
export function ConnectionStatus() {
  const [lost, setLost] = useState(false);
  useEffect(() => {
    let timer: number | null = null;
    const stop = watchStreamState((next: StreamState) => {
      if (next === 'lost') {
        timer ??= window.setTimeout(() => setLost(true), SAY_LOST_AFTER_MS);
        return;
      }
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      if (next === 'open') setLost(false);
    });
    return () => {
      stop();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, []);
  if (!lost) return null;
  return (
    <div className="connection-lost" role="status" data-testid="connection-lost" title="New mail and teammates' changes show once it is back.">
      Cannot reach Wholegrain. Reconnecting…
    </div>
  );
}
