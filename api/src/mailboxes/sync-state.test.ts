import { describe, expect, it } from 'vitest';
import { afterSyncFailure, afterSyncInterrupted, afterSyncSuccess, backoffSeconds, planFolderSync } from './sync-state.js';

const now = new Date('2026-11-28T10:00:00Z');

describe('sync state transitions', () => {
  it('returns to idle after a success and schedules the next poll', () => {
    expect(afterSyncSuccess({ now, pollIntervalSeconds: 60 })).toEqual({
      syncStage: 'idle',
      syncStartedAt: null,
      nextSyncAt: new Date('2026-11-28T10:01:00Z'),
      failureCount: 0,
      lastError: null,
      lastSuccessAt: now,
    });
  });

  it('makes a run interrupted by a shutdown due at once, keeping its failure count', () => {
    expect(afterSyncInterrupted({ now, failureCount: 2, lastError: 'Cannot reach' })).toEqual({
      syncStage: 'idle',
      syncStartedAt: null,
      nextSyncAt: now,
      failureCount: 2,
      lastError: 'Cannot reach',
    });
  });

  it.each([
    [1, 60],
    [2, 120],
    [3, 240],
    [6, 1920],
    [7, 3600],
    [30, 3600],
  ])('backs off %i failure(s) by %i s', (failures, seconds) => {
    expect(backoffSeconds(failures)).toBe(seconds);
  });

  it('retries a connection failure later with backoff', () => {
    const change = afterSyncFailure({ kind: 'connection', message: 'Cannot reach', failureCount: 2, now });
    expect(change).toMatchObject({ syncStage: 'failed', failureCount: 3, lastError: 'Cannot reach', nextSyncAt: new Date('2026-11-28T10:04:00Z') });
  });

  it('stops and asks for new credentials when the password is refused', () => {
    expect(afterSyncFailure({ kind: 'auth', message: 'refused', failureCount: 0, now })).toMatchObject({ syncStage: 'needs_reauth', failureCount: 1 });
  });
});

describe('planFolderSync', () => {
  it.each([
    ['first sync', { uidValidity: null, lastUid: '0' }, { afterUid: 0, uidValidityChanged: false }],
    ['continues after the cursor', { uidValidity: '42', lastUid: '1500' }, { afterUid: 1500, uidValidityChanged: false }],
    ['starts over when UIDVALIDITY changed', { uidValidity: '41', lastUid: '1500' }, { afterUid: 0, uidValidityChanged: true }],
  ])('%s', (_name, cursor, expected) => {
    expect(planFolderSync(cursor, { uidValidity: '42' })).toEqual(expected);
  });
});
