import type { WebhookSecretDto } from '../../../../../api/src/feedback/feedback.types';
import { useCreateWebhookSecret, useFeedbackSettings, usePutFeedbackSettings } from '../api/feedback';

const TRACKERS = [
  { tracker: 'github', label: 'GitHub', hint: 'Repository → Settings → Webhooks: content type application/json, events “Issues” and “Pull requests”.' },
  { tracker: 'gitlab', label: 'GitLab', hint: 'Project → Settings → Webhooks: the secret goes in “Secret token”; triggers “Issues” and “Merge request”.' },
  { tracker: 'linear', label: 'Linear', hint: 'Settings → API → Webhooks: resource type “Issues”; paste the secret as the signing secret.' },
] as const;

/** Admins: webhook secrets for the trackers, and whether fix replies go out without a person. */
export function FeedbackSettings() {
  const settings = useFeedbackSettings();
  const put = usePutFeedbackSettings();
  const secret = useCreateWebhookSecret();
  const created: WebhookSecretDto | undefined = secret.data;
  return (
    <section className="panel" aria-label="Feedback settings">
      <h2>Issue trackers</h2>
      <p className="muted small">A signed webhook marks linked issues fixed; then everyone who asked gets a draft reply in “Fixed — tell them”.</p>
      <ul className="plain-list">
        {TRACKERS.map(({ tracker, label, hint }) => (
          <li key={tracker}>
            <button type="button" className="button button-small" disabled={secret.isPending} onClick={() => secret.mutate(tracker)}>
              Create {label} webhook secret
            </button>{' '}
            <span className="muted small">{hint}</span>
          </li>
        ))}
      </ul>
      {created ? (
        <div className="banner" role="status">
          <p>
            {created.tracker} webhook URL: <code>{created.url}</code>
          </p>
          <p>
            Secret (shown once; creating a new one replaces it): <code data-testid="webhook-secret">{created.secret}</code>
          </p>
        </div>
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.data?.autoSendFixReplies ?? false}
          disabled={settings.isPending || put.isPending}
          onChange={(event) => put.mutate({ autoSendFixReplies: event.target.checked })}
        />
        Send fix replies automatically, without a person reviewing them (off by default)
      </label>
    </section>
  );
}
