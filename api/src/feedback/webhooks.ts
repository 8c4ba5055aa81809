import { createHmac, timingSafeEqual } from 'node:crypto';

/** The trackers whose webhooks change a linked issue's state. */
export const WEBHOOK_TRACKERS = ['github', 'gitlab', 'linear'] as const;
export type WebhookTracker = (typeof WEBHOOK_TRACKERS)[number];
export type IssueState = 'open' | 'fixed' | 'wontfix';

/** What a delivery means for our links: these issue URLs now have this state. */
export interface IssueStateChange {
  urls: string[];
  state: IssueState;
}

const equal = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};
const hmacHex = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

/** Linear deliveries older than this are refused (their body carries the time they were sent). */
export const LINEAR_MAX_AGE_MS = 60_000;

/**
 * Checks a delivery's signature over its raw body. GitHub: `X-Hub-Signature-256: sha256=<hex hmac>`;
 * GitLab: the secret itself in `X-Gitlab-Token`; Linear: `Linear-Signature: <hex hmac>` and a
 * `webhookTimestamp` within a minute. Returns why it fails, or null.
 */
export function signatureProblem(tracker: WebhookTracker, secret: string, headers: Record<string, string | undefined>, rawBody: Buffer, now: Date): string | null {
  if (tracker === 'github') {
    const given = headers['x-hub-signature-256'];
    if (!given) return 'Missing X-Hub-Signature-256.';
    return equal(given, `sha256=${hmacHex(secret, rawBody)}`) ? null : 'The signature does not match.';
  }
  if (tracker === 'gitlab') {
    const given = headers['x-gitlab-token'];
    if (!given) return 'Missing X-Gitlab-Token.';
    return equal(given, secret) ? null : 'The token does not match.';
  }
  const given = headers['linear-signature'];
  if (!given) return 'Missing Linear-Signature.';
  if (!equal(given, hmacHex(secret, rawBody))) return 'The signature does not match.';
  let sentAt: number;
  try {
    sentAt = Number((JSON.parse(rawBody.toString('utf8')) as { webhookTimestamp?: number }).webhookTimestamp);
  } catch {
    return 'The body is not JSON.';
  }
  if (!Number.isFinite(sentAt) || Math.abs(now.getTime() - sentAt) > LINEAR_MAX_AGE_MS) return 'The delivery is too old (or its clock is off): possibly a replay.';
  return null;
}

/** A delivery's id, so the same delivery replayed changes nothing. */
export function deliveryId(tracker: WebhookTracker, headers: Record<string, string | undefined>, payload: Record<string, any>): string | null {
  if (tracker === 'github') return headers['x-github-delivery'] ?? null;
  if (tracker === 'gitlab') return headers['x-gitlab-event-uuid'] ?? headers['idempotency-key'] ?? null;
  return headers['linear-delivery'] ?? (payload.webhookId && payload.webhookTimestamp ? `${payload.webhookId}:${payload.webhookTimestamp}` : null);
}

const CLOSING_WORDS = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)[:\s]+(?:([\w.-]+\/[\w.-]+))?#(\d+)/gi;

function closedReferences(text: string, base: (repository: string | undefined, number: string) => string): string[] {
  return [...text.matchAll(CLOSING_WORDS)].map((match) => base(match[1], match[2]!));
}

/** What a delivery says about issue states; null when it is about something else. */
export function interpretDelivery(tracker: WebhookTracker, event: string | undefined, payload: Record<string, any>): IssueStateChange | null {
  if (tracker === 'github') {
    if (event === 'issues' && payload.issue?.html_url) {
      if (payload.action === 'closed') return { urls: [payload.issue.html_url], state: payload.issue.state_reason === 'not_planned' ? 'wontfix' : 'fixed' };
      if (payload.action === 'reopened') return { urls: [payload.issue.html_url], state: 'open' };
    }
    if (event === 'pull_request' && payload.action === 'closed' && payload.pull_request?.merged) {
      const repository = payload.repository?.full_name as string | undefined;
      const urls = closedReferences(`${payload.pull_request.title ?? ''}\n${payload.pull_request.body ?? ''}`, (repo, number) => `https://github.com/${repo ?? repository}/issues/${number}`);
      return urls.length ? { urls, state: 'fixed' } : null;
    }
    return null;
  }
  if (tracker === 'gitlab') {
    const attributes = payload.object_attributes ?? {};
    if (event === 'Issue Hook' && attributes.url) {
      if (attributes.action === 'close') return { urls: [attributes.url], state: 'fixed' };
      if (attributes.action === 'reopen') return { urls: [attributes.url], state: 'open' };
    }
    if (event === 'Merge Request Hook' && attributes.action === 'merge' && payload.project?.web_url) {
      const urls = closedReferences(`${attributes.title ?? ''}\n${attributes.description ?? ''}`, (_repo, number) => `${payload.project.web_url}/-/issues/${number}`);
      return urls.length ? { urls, state: 'fixed' } : null;
    }
    return null;
  }
  if (payload.type === 'Issue' && payload.data?.url && payload.data?.state?.type) {
    const kind = payload.data.state.type as string;
    return { urls: [payload.data.url], state: kind === 'completed' ? 'fixed' : kind === 'canceled' ? 'wontfix' : 'open' };
  }
  return null;
}

/** The tracker an issue URL belongs to, and its id there. */
export function trackerOf(url: string): { tracker: 'github' | 'gitlab' | 'linear' | 'jira' | 'other'; externalId: string | null } {
  const parsed = new URL(url);
  let match = /^\/([^/]+\/[^/]+)\/(?:issues|pull)\/(\d+)/.exec(parsed.pathname);
  if (parsed.hostname === 'github.com' && match) return { tracker: 'github', externalId: `${match[1]}#${match[2]}` };
  match = /^\/(.+)\/-\/issues\/(\d+)/.exec(parsed.pathname);
  if (match) return { tracker: 'gitlab', externalId: `${match[1]}#${match[2]}` };
  match = /^\/[^/]+\/issue\/([A-Z][A-Z0-9]*-\d+)/.exec(parsed.pathname);
  if (parsed.hostname === 'linear.app' && match) return { tracker: 'linear', externalId: match[1]! };
  match = /\/browse\/([A-Z][A-Z0-9]*-\d+)/.exec(parsed.pathname);
  if (match) return { tracker: 'jira', externalId: match[1]! };
  return { tracker: 'other', externalId: null };
}
