import { useRef, useState } from 'react';
import type { IssueLinkDto } from '../../../../../api/src/feedback/feedback.types';
import { useCreateIssue, useIssues } from '../api/feedback';

/**
 * Link something (a conversation or a theme) to an issue: pick an existing one and press Link (two
 * clicks), or paste a URL.
 */
export function LinkIssue({ linked, onLinkExisting, linkNew }: { linked: IssueLinkDto[]; onLinkExisting: (issueId: string, done: () => void) => void; linkNew: { conversationIds?: string[]; themeIds?: string[] } }) {
  const issues = useIssues();
  const create = useCreateIssue();
  const [choice, setChoice] = useState('');
  const [url, setUrl] = useState('');
  const urlField = useRef<HTMLInputElement>(null);
  return (
    <>
      <div className="link-issue">
        <select aria-label="Existing issue" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="">Link to an issue…</option>
          {(issues.data ?? [])
            .filter((issue) => !linked.some((entry) => entry.id === issue.id))
            .map((issue) => (
              <option key={issue.id} value={issue.id}>
                {issue.title ?? issue.externalId ?? issue.url}
              </option>
            ))}
        </select>
        <button type="button" className="button button-small" disabled={!choice} onClick={() => onLinkExisting(choice, () => setChoice(''))}>
          Link
        </button>
      </div>
      <form
        className="link-issue"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ url: url.trim(), ...linkNew }, {
            onSuccess: () => {
              setUrl('');
              // Like a sent reply, a linked issue gives the keyboard back to the inbox (j/k, r…).
              urlField.current?.blur();
            },
          });
        }}
      >
        <input ref={urlField} type="url" aria-label="Issue URL" placeholder="or paste an issue URL" value={url} onChange={(event) => setUrl(event.target.value)} />
        <button type="submit" className="button button-small" disabled={!url.trim() || create.isPending}>
          Link
        </button>
      </form>
      {create.isError ? <p className="field-error">{create.error.message}</p> : null}
    </>
  );
}
