import type { MemberActionsDto, TrackerDto, WebhookSecretDto } from '../../../../../api/src/feedback/feedback.types';
import { useCreateWebhookSecret, useFeedbackSettings, usePutFeedbackSettings } from '../api/feedback';

const TRACKER_NAMES: Record<TrackerDto, string> = { github: 'GitHub', gitlab: 'GitLab', linear: 'Linear', jira: 'Jira', other: 'Other trackers' };

const TRACKERS = [
  { tracker: 'github', label: 'GitHub', hint: 'Repository → Settings → Webhooks: content type application/json, events “Issues” and “Pull requests”.' },
  { tracker: 'gitlab', label: 'GitLab', hint: 'Project → Settings → Webhooks: the secret goes in “Secret token”; triggers “Issues” and “Merge request”.' },
  { tracker: 'linear', label: 'Linear', hint: 'Settings → API → Webhooks: resource type “Issues”; paste the secret as the signing secret.' },
] as const;

const MEMBER_ACTIONS: { action: keyof MemberActionsDto; label: string }[] = [
  { action: 'retractOthersQuotes', label: 'Retract quotes someone else pinned (everyone may retract their own)' },
  { action: 'mergeThemes', label: 'Merge themes' },
  { action: 'manageIssues', label: 'Change an issue’s state by hand, or unlink it' },
  { action: 'sendFixReplies', label: 'Send fix replies to customers (“Fixed — tell them”)' },
];

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
      <fieldset className="fieldset">
        <legend>Which trackers may customers see?</legend>
        <p className="muted small">
          A fix reply links the issue only when its tracker is public (an open-source repository, say). Otherwise the draft names the fix in your words (“what we
          fixed” on each issue) and never shows a customer an internal URL.
        </p>
        {(Object.keys(TRACKER_NAMES) as TrackerDto[]).map((tracker) => (
          <label key={tracker} className="checkbox">
            <input
              type="checkbox"
              checked={settings.data?.publicTrackers.includes(tracker) ?? false}
              disabled={settings.isPending || put.isPending}
              onChange={(event) => {
                const current = settings.data?.publicTrackers ?? [];
                put.mutate({ publicTrackers: event.target.checked ? [...current, tracker] : current.filter((entry) => entry !== tracker) });
              }}
            />
            {TRACKER_NAMES[tracker]} issues are public
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings.data?.autoSendFixReplies ?? false}
          disabled={settings.isPending || put.isPending}
          onChange={(event) => put.mutate({ autoSendFixReplies: event.target.checked })}
        />
        Send fix replies automatically, without a person reviewing them (off by default)
      </label>
      <fieldset className="fieldset">
        <legend>What members may do</legend>
        <p className="muted small">Admins can always do all of these. Changes are recorded in the audit log.</p>
        {MEMBER_ACTIONS.map(({ action, label }) => (
          <label key={action} className="checkbox">
            <input
              type="checkbox"
              checked={settings.data?.memberActions[action] ?? false}
              disabled={settings.isPending || put.isPending}
              onChange={(event) => put.mutate({ memberActions: { ...settings.data?.memberActions, [action]: event.target.checked } as MemberActionsDto })}
            />
            {label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
