/** A re-computation of stored messages' new-text spans (Settings → New words), as the API returns it. */
export interface NewTextRunDto {
  id: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Inbound messages to look at when the run started, and how many it has looked at so far. */
  total: number;
  processed: number;
  /** Messages whose span (or its interleaved/forwarded marks) changed. */
  changed: number;
  /** Pinned quotes that now lie outside their message's span (their text and offsets never change). */
  quotesFlagged: number;
  error: string | null;
}
