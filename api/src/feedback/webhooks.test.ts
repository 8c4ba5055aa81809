import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpretDelivery, signatureProblem, trackerOf } from './webhooks.js';

const now = new Date('2026-11-28T12:00:00Z');
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const hmac = (secret: string, raw: Buffer) => createHmac('sha256', secret).update(raw).digest('hex');

describe('webhook signatures', () => {
  it('accepts GitHub’s X-Hub-Signature-256 and refuses a wrong or missing one', () => {
    const raw = body({ action: 'closed' });
    expect(signatureProblem('github', 's3cret', { 'x-hub-signature-256': `sha256=${hmac('s3cret', raw)}` }, raw, now)).toBeNull();
    expect(signatureProblem('github', 's3cret', { 'x-hub-signature-256': `sha256=${hmac('other', raw)}` }, raw, now)).toMatch(/does not match/);
    expect(signatureProblem('github', 's3cret', {}, raw, now)).toMatch(/Missing/);
    // Any change to the body breaks the signature.
    expect(signatureProblem('github', 's3cret', { 'x-hub-signature-256': `sha256=${hmac('s3cret', raw)}` }, body({ action: 'reopened' }), now)).toMatch(/does not match/);
  });

  it('checks GitLab’s token and Linear’s signature and age', () => {
    expect(signatureProblem('gitlab', 'tok', { 'x-gitlab-token': 'tok' }, body({}), now)).toBeNull();
    expect(signatureProblem('gitlab', 'tok', { 'x-gitlab-token': 'nope' }, body({}), now)).toMatch(/does not match/);
    const fresh = body({ webhookTimestamp: now.getTime() - 5_000 });
    expect(signatureProblem('linear', 'lin', { 'linear-signature': hmac('lin', fresh) }, fresh, now)).toBeNull();
    const old = body({ webhookTimestamp: now.getTime() - 10 * 60_000 });
    expect(signatureProblem('linear', 'lin', { 'linear-signature': hmac('lin', old) }, old, now)).toMatch(/too old/);
  });
});

describe('webhook meaning', () => {
  it('reads GitHub issue closes, reopens and merged pull requests that close issues', () => {
    expect(interpretDelivery('github', 'issues', { action: 'closed', issue: { html_url: 'https://github.com/acme/app/issues/7', state_reason: 'completed' } })).toEqual({
      urls: ['https://github.com/acme/app/issues/7'],
      state: 'fixed',
      occurredAt: null,
    });
    expect(interpretDelivery('github', 'issues', { action: 'closed', issue: { html_url: 'u', state_reason: 'not_planned' } })?.state).toBe('wontfix');
    expect(interpretDelivery('github', 'issues', { action: 'reopened', issue: { html_url: 'u' } })?.state).toBe('open');
    expect(
      interpretDelivery('github', 'pull_request', {
        action: 'closed',
        pull_request: { merged: true, title: 'Keep events across midnight', body: 'Fixes #7, also closes acme/other#3' },
        repository: { full_name: 'acme/app' },
      }),
    ).toEqual({ urls: ['https://github.com/acme/app/issues/7', 'https://github.com/acme/other/issues/3'], state: 'fixed', occurredAt: null });
    expect(interpretDelivery('github', 'pull_request', { action: 'closed', pull_request: { merged: false, body: 'Fixes #7' } })).toBeNull();
  });

  it('reads GitLab and Linear', () => {
    expect(interpretDelivery('gitlab', 'Issue Hook', { object_attributes: { action: 'close', url: 'https://gitlab.com/acme/app/-/issues/4' } })?.state).toBe('fixed');
    expect(
      interpretDelivery('gitlab', 'Merge Request Hook', { object_attributes: { action: 'merge', description: 'Closes #4' }, project: { web_url: 'https://gitlab.com/acme/app' } }),
    ).toEqual({ urls: ['https://gitlab.com/acme/app/-/issues/4'], state: 'fixed', occurredAt: null });
    expect(interpretDelivery('linear', undefined, { type: 'Issue', action: 'update', data: { url: 'https://linear.app/acme/issue/ENG-12/x', state: { type: 'completed' } } })?.state).toBe('fixed');
    expect(interpretDelivery('linear', undefined, { type: 'Issue', data: { url: 'u', state: { type: 'canceled' } } })?.state).toBe('wontfix');
  });

  it('reads when each tracker says the change happened, so older events can be told from newer ones', () => {
    const github = interpretDelivery('github', 'issues', {
      action: 'reopened',
      issue: { html_url: 'u', updated_at: '2026-12-01T10:00:05Z', closed_at: null },
    });
    expect(github?.occurredAt?.toISOString()).toBe('2026-12-01T10:00:05.000Z');
    const merged = interpretDelivery('github', 'pull_request', {
      action: 'closed',
      pull_request: { merged: true, body: 'Fixes #7', merged_at: '2026-12-01T09:00:00Z', updated_at: '2026-12-01T09:00:01Z' },
      repository: { full_name: 'acme/app' },
    });
    expect(merged?.occurredAt?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    // GitLab writes its own format.
    expect(interpretDelivery('gitlab', 'Issue Hook', { object_attributes: { action: 'close', url: 'u', updated_at: '2026-12-03 17:23:34 UTC' } })?.occurredAt?.toISOString()).toBe(
      '2026-12-03T17:23:34.000Z',
    );
    expect(
      interpretDelivery('linear', undefined, { type: 'Issue', webhookTimestamp: 1_796_000_000_000, data: { url: 'u', state: { type: 'completed' }, updatedAt: '2026-12-02T08:00:00.000Z' } })
        ?.occurredAt?.toISOString(),
    ).toBe('2026-12-02T08:00:00.000Z');
    // A field holding something else is no time at all.
    expect(interpretDelivery('github', 'issues', { action: 'closed', issue: { html_url: 'u', updated_at: { $gt: '' } } })?.occurredAt).toBeNull();
    expect(interpretDelivery('github', 'issues', { action: 'closed', issue: { html_url: 'u', updated_at: 'yesterday-ish' } })?.occurredAt).toBeNull();
  });

  it('recognises trackers from issue URLs', () => {
    expect(trackerOf('https://github.com/acme/app/issues/7')).toEqual({ tracker: 'github', externalId: 'acme/app#7' });
    expect(trackerOf('https://gitlab.com/acme/app/-/issues/4')).toEqual({ tracker: 'gitlab', externalId: 'acme/app#4' });
    expect(trackerOf('https://linear.app/acme/issue/ENG-12/calendar-sync')).toEqual({ tracker: 'linear', externalId: 'ENG-12' });
    expect(trackerOf('https://acme.atlassian.net/browse/CAL-9')).toEqual({ tracker: 'jira', externalId: 'CAL-9' });
    expect(trackerOf('https://bugs.example.org/42').tracker).toBe('other');
  });
});
