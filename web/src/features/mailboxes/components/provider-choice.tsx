import type { OAuthProviderName } from '../../../../../api/src/mailboxes/oauth.types';

export type MailboxProviderChoice = OAuthProviderName | 'other';

const CHOICES: { value: MailboxProviderChoice; title: string; hint: string }[] = [
  { value: 'google', title: 'Google', hint: 'Google Workspace and Gmail, signed in with Google (OAuth 2.0).' },
  { value: 'microsoft', title: 'Microsoft', hint: 'Microsoft 365 (work or school) and Outlook.com, signed in with Microsoft (OAuth 2.0).' },
  { value: 'other', title: 'Other (IMAP/SMTP)', hint: 'Any provider with a password or app password: Fastmail, iCloud, Yahoo, Zoho, GMX, your own server…' },
  { value: 'oauth_custom', title: 'OAuth 2.0 (custom)', hint: 'Your own mail server with a standards-compliant OAuth 2.0 authorization server.' },
];

/** The first step of connecting a mailbox: where the mail lives. */
export function ProviderChoice({ onChoose, onCancel }: { onChoose: (choice: MailboxProviderChoice) => void; onCancel: () => void }) {
  return (
    <section className="panel" aria-label="Choose a provider">
      <h2>Connect a mailbox</h2>
      <p className="muted">Where does your support address live?</p>
      <div className="provider-choices">
        {CHOICES.map((choice) => (
          <button key={choice.value} type="button" className="button provider-choice" onClick={() => onChoose(choice.value)}>
            <strong>{choice.title}</strong>
            <span className="small muted">{choice.hint}</span>
          </button>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
