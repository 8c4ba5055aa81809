import type { ImapFailureKind } from '../mail/imap-session.js';
import type { SyncStage } from './mailbox.entity.js';

/** How long a run may stay "running" before the reaper decides its process died. */
export const STUCK_RUN_AFTER_MS = 30 * 60_000;
const BASE_BACKOFF_SECONDS = 60;
const MAX_BACKOFF_SECONDS = 60 * 60;

export interface SyncStateChange {
  syncStage: SyncStage;
  syncStartedAt: null;
  nextSyncAt: Date;
  failureCount: number;
  lastError: string | null;
  lastSuccessAt?: Date;
}

export function afterSyncSuccess(input: { now: Date; pollIntervalSeconds: number }): SyncStateChange {
  return {
    syncStage: 'idle',
    syncStartedAt: null,
    nextSyncAt: new Date(input.now.getTime() + input.pollIntervalSeconds * 1000),
    failureCount: 0,
    lastError: null,
    lastSuccessAt: input.now,
  };
}

/**
 * The process stopped in the middle of a run (shutdown): what it committed stays, and the mailbox is
 * due at once, for another instance or the next start; failures so far are kept as they were.
 */
export function afterSyncInterrupted(input: { now: Date; failureCount: number; lastError: string | null }): SyncStateChange {
  return { syncStage: 'idle', syncStartedAt: null, nextSyncAt: input.now, failureCount: input.failureCount, lastError: input.lastError };
}

/** Exponential backoff: 1 min, 2, 4, … capped at 1 hour. */
export function backoffSeconds(failureCount: number): number {
  return Math.min(BASE_BACKOFF_SECONDS * 2 ** Math.max(0, failureCount - 1), MAX_BACKOFF_SECONDS);
}

/**
 * A refused password stops syncing until an admin fixes the credentials (retrying would only lock
 * the account); anything else retries with backoff.
 */
export function afterSyncFailure(input: { kind: ImapFailureKind | 'internal'; message: string; failureCount: number; now: Date }): SyncStateChange {
  const failureCount = input.failureCount + 1;
  if (input.kind === 'auth') {
    return { syncStage: 'needs_reauth', syncStartedAt: null, nextSyncAt: input.now, failureCount, lastError: input.message };
  }
  return {
    syncStage: 'failed',
    syncStartedAt: null,
    nextSyncAt: new Date(input.now.getTime() + backoffSeconds(failureCount) * 1000),
    failureCount,
    lastError: input.message,
  };
}

/** Where a folder's sync starts: after the stored cursor, or from the beginning when the server renumbered it. */
export function planFolderSync(cursor: { uidValidity: string | null; lastUid: string }, server: { uidValidity: string }): { afterUid: number; uidValidityChanged: boolean } {
  if (cursor.uidValidity !== null && cursor.uidValidity !== server.uidValidity) return { afterUid: 0, uidValidityChanged: true };
  return { afterUid: Number(cursor.lastUid), uidValidityChanged: false };
}
