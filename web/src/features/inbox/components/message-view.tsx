import { useRef, useState } from 'react';
import type { MessageDto } from '../../../../../api/src/conversations/conversations.types';
import { formatBytes } from '../../../lib/format';
import { formatWhenFull } from '../../../lib/when';
import { useSession } from '../../auth/api/get-session';
import { LightText } from './light-text';
import { When } from './when';
import { HtmlFrame } from './html-frame';
import { useKeepSelection } from './keep-selection';
import { PlainText } from './plain-text';

const THREAD_RULES: Record<string, string> = {
  token: 'It answers one of our replies (our token in its headers).',
  in_reply_to: 'Its In-Reply-To names a message of this conversation.',
  references: 'Its References name a message of this conversation.',
  reported_message_id: 'The bounce returns one of our messages in this conversation.',
  subject: 'Same subject, from someone already in this recent conversation.',
  new: 'It started this conversation.',
  new_not_participant: 'It started a new conversation: its headers pointed to a conversation its sender is not part of.',
  forced_new: 'An admin released it from quarantine into a new conversation.',
  ours: 'Written here.',
};

/**
 * The customer's new words with the quotes pinned from them highlighted. A selection being made
 * survives a live update that adds a highlight (the text nodes are re-rendered then).
 */
function NewWords({ messageId, base, words, highlights, pinnable }: { messageId: string; base: number; words: string; highlights: { start: number; end: number }[]; pinnable: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const end = base + words.length;
  const spans = highlights.filter((span) => span.start >= base && span.end <= end).map((span) => ({ start: span.start - base, end: span.end - base }));
  useKeepSelection(ref, spans.map((span) => `${span.start}-${span.end}`).join(','));
  return (
    <div ref={ref} className="customer-words" data-testid="customer-words" data-quote-base={pinnable ? base : undefined} data-message-id={messageId}>
      {words.trim() ? <PlainText text={words} highlights={spans} /> : <span className="muted">(No new words in this message; see the quoted text.)</span>}
    </div>
  );
}

/** The full time with its zone (in Details); elsewhere the app's one format (<When>). */
function FullTime({ iso }: { iso: string }) {
  const session = useSession();
  return <>{formatWhenFull(iso, { timeZone: session.data?.person?.timeZone })}</>;
}

function Details({ message }: { message: MessageDto }) {
  return (
    <details className="message-details">
      <summary>Details</summary>
      <dl className="facts">
        {message.from ? (
          <>
            <dt>From</dt>
            <dd>{message.from.name ? `${message.from.name} <${message.from.address}>` : message.from.address}</dd>
          </>
        ) : null}
        {message.to.length ? (
          <>
            <dt>To</dt>
            <dd>{message.to.map((address) => address.address).join(', ')}</dd>
          </>
        ) : null}
        {message.cc.length ? (
          <>
            <dt>Cc</dt>
            <dd>{message.cc.map((address) => address.address).join(', ')}</dd>
          </>
        ) : null}
        <dt>Subject</dt>
        <dd>{message.subject}</dd>
        {message.date ? (
          <>
            <dt>Sent</dt>
            <dd><FullTime iso={message.date} /></dd>
          </>
        ) : null}
        <dt>Received</dt>
        <dd><FullTime iso={message.receivedAt} /></dd>
        {message.messageIdHeader ? (
          <>
            <dt>Message-ID</dt>
            <dd className="mono">{message.messageIdHeader}</dd>
          </>
        ) : null}
        <dt>Threaded</dt>
        <dd data-testid="thread-rule">
          <code>{message.threadRule}</code> — {THREAD_RULES[message.threadRule] ?? ''}
        </dd>
        {message.messageIdReused ? (
          <>
            <dt>Note</dt>
            <dd>Another, different message used the same Message-ID; both are kept.</dd>
          </>
        ) : null}
        {message.decodingIssues.length ? (
          <>
            <dt>Decoding</dt>
            <dd>{message.decodingIssues.join('; ')}</dd>
          </>
        ) : null}
      </dl>
      {message.hasRaw ? (
        <a className="button button-small" href={`/api/messages/${encodeURIComponent(message.id)}/raw`} download>
          View original (.eml)
        </a>
      ) : null}
    </details>
  );
}

function Attachments({ message }: { message: MessageDto }) {
  const files = message.attachments.filter((attachment) => attachment.disposition === 'attachment' || !attachment.contentId);
  if (files.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {files.map((attachment) => (
        <li key={attachment.id}>
          <a href={`/api/attachments/${encodeURIComponent(attachment.id)}`} download={attachment.filename ?? 'attachment'}>
            📎 {attachment.filename ?? 'attachment'}
          </a>{' '}
          <span className="muted small">
            {attachment.contentType}, {formatBytes(attachment.size)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A customer's message: their new words first and largest, verbatim; quoted history kept one click away.
 * Bulk mail (newsletters, list mail) reads the same way, formatted view included, marked "Bulk" and
 * without quote pinning: it is not a customer's words.
 */
function CustomerWords({ message, isNew, onSplit, onForward }: { message: MessageDto; isNew: boolean; onSplit?: ((message: MessageDto) => void) | undefined; onForward?: ((id: string) => void) | undefined }) {
  const bulk = message.kind === 'bulk';
  const [showQuoted, setShowQuoted] = useState(false);
  const [showHtml, setShowHtml] = useState(false);
  const { start, end } = message.newText;
  const before = message.text.slice(0, start);
  const words = message.text.slice(start, end);
  const after = message.text.slice(end);
  const hasQuoted = before.trim().length > 0 || after.trim().length > 0;
  return (
    <article className={`message message-in${isNew ? ' is-new' : ''}`} data-testid={bulk ? 'bulk-message' : 'message'} data-message-id={message.id}>
      <header className="message-header">
        <strong>{message.from?.name ?? message.from?.address ?? 'Unknown sender'}</strong>
        {bulk ? <span className="badge" data-testid="bulk-badge" title="Newsletter or list mail (List-Id, List-Unsubscribe or Precedence: bulk/list)">Bulk</span> : null}
        {message.from?.name ? <span className="muted small"> &lt;{message.from.address}&gt;</span> : null}
        <When className="muted small" iso={message.receivedAt} />
        {isNew ? <span className="badge badge-new">New since you opened it</span> : null}
        {message.newText.forwarded ? <span className="badge" data-testid="forwarded">Forwarded by the customer</span> : null}
        {message.newText.interleaved ? <span className="muted small" data-testid="interleaved">Answers between quoted lines</span> : null}
      </header>
      {showHtml && message.hasHtml ? (
        <HtmlFrame messageId={message.id} attachments={message.attachments} />
      ) : (
        <>
          {showQuoted && before ? <pre className="quoted">{before}</pre> : null}
          <NewWords messageId={message.id} base={start} words={words} highlights={message.highlights ?? []} pinnable={!bulk} />
          {showQuoted && after ? (
            <pre className="quoted" data-testid="quoted-text">
              <PlainText text={after} />
            </pre>
          ) : null}
        </>
      )}
      <div className="message-tools">
        {hasQuoted && !showHtml ? (
          <button type="button" className="button button-small button-quiet" aria-expanded={showQuoted} onClick={() => setShowQuoted(!showQuoted)}>
            {showQuoted ? 'Hide quoted text' : 'Show quoted text'}
          </button>
        ) : null}
        {message.hasHtml ? (
          <button type="button" className="button button-small button-quiet" onClick={() => setShowHtml(!showHtml)}>
            {showHtml ? 'Show plain text' : 'Show formatted'}
          </button>
        ) : null}
        {onSplit && !bulk ? (
          <button type="button" className="button button-small button-quiet message-split" onClick={() => onSplit(message)}>
            Split into a new conversation
          </button>
        ) : null}
        <ForwardButton message={message} onForward={onForward} />
      </div>
      <Attachments message={message} />
      <Details message={message} />
    </article>
  );
}

function SendStatus({ message, onResend, resending }: { message: MessageDto; onResend: () => void; resending: boolean }) {
  if (!message.send) return null;
  if (message.send.status === 'sent') return <span className="badge badge-sent" data-testid="send-status">Sent</span>;
  if (message.send.status === 'held') {
    // Waiting out its author's undo time: not sent yet, the customer has not seen it.
    return (
      <span className="badge badge-queued" data-testid="send-status" title="Not sent yet: its author can still undo it">
        Not sent yet (undo possible)
      </span>
    );
  }
  if (message.send.status === 'queued') {
    return (
      <span className="badge badge-queued" data-testid="send-status" title={message.send.error ?? undefined}>
        {message.send.attempts > 0 && message.send.error ? `Retrying (${message.send.attempts} attempts)` : 'Sending…'}
      </span>
    );
  }
  return (
    <span className="send-failed" role="alert">
      <span className="badge badge-failed" data-testid="send-status">
        Failed
      </span>{' '}
      <span className="small">{message.send.error}</span>{' '}
      <button type="button" className="button button-small" disabled={resending} onClick={onResend}>
        Resend
      </button>
    </span>
  );
}

/** "Forward…" on a message: to a colleague or an accountant, with its attachments. */
function ForwardButton({ message, onForward }: { message: MessageDto; onForward?: ((id: string) => void) | undefined }) {
  if (!onForward) return null;
  return (
    <button type="button" className="button button-small button-quiet" title="Forward this message (f forwards the newest)" onClick={() => onForward(message.id)}>
      Forward…
    </button>
  );
}

/** Our forward in the thread: who sent it to whom and when, our note, and what went (the mail itself is not repeated). */
function ForwardRecord({ message, onResend, resending }: { message: MessageDto; onResend: () => void; resending: boolean }) {
  const note = message.text.slice(message.newText.start, message.newText.end);
  const record = message.activity?.type === 'forward' ? message.activity : null;
  const count = record?.messageIds.length ?? 0;
  const recipients = [...message.to, ...message.cc].map((address) => address.address).join(', ');
  return (
    <article className="message message-forward" data-testid="forward-record" data-message-id={message.id}>
      <header className="message-header">
        <strong>{message.author?.name ?? 'We'}</strong>
        <span className="muted small">
          {' '}
          forwarded {record?.scope === 'conversation' ? `the conversation (${count} ${count === 1 ? 'message' : 'messages'})` : 'a message'} to {recipients}
        </span>
        <When className="muted small" iso={message.receivedAt} />
        <SendStatus message={message} onResend={onResend} resending={resending} />
      </header>
      {note.trim() ? (
        <div className="reply-body">
          <LightText text={note} />
        </div>
      ) : null}
      <Attachments message={message} />
      <Details message={message} />
    </article>
  );
}

export function MessageView({
  message,
  isNew,
  onResend,
  resending,
  onSplit,
  onForward,
}: {
  message: MessageDto;
  isNew: boolean;
  onResend: (id: string) => void;
  resending: boolean;
  /** Offered on customer emails when the conversation holds more than one. */
  onSplit?: ((message: MessageDto) => void) | undefined;
  onForward?: ((id: string) => void) | undefined;
}) {
  if (message.kind === 'forward') return <ForwardRecord message={message} onResend={() => onResend(message.id)} resending={resending} />;
  if (message.kind === 'activity') {
    // "… snoozed the conversation until <ISO time>." shows the time as every other date is shown.
    const until = message.activity?.type === 'status' ? message.activity.snoozedUntil : null;
    const untilSuffix = until ? ` until ${until}.` : null;
    return (
      <p className="activity" data-testid="activity">
        {until && untilSuffix && message.text.endsWith(untilSuffix) ? (
          <>
            {message.text.slice(0, -untilSuffix.length)} until <When iso={until} />.
          </>
        ) : (
          message.text
        )}{' '}
        <When className="muted small" iso={message.receivedAt} />
      </p>
    );
  }
  if (message.kind === 'note') {
    return (
      <article className={`message message-note${isNew ? ' is-new' : ''}`} data-testid="note" data-message-id={message.id}>
        <header className="message-header">
          <strong>{message.author?.name ?? 'Someone'}</strong> <span className="badge">Internal note</span>
          <When className="muted small" iso={message.receivedAt} />
        </header>
        <div className="note-body">
          <LightText text={message.text} />
        </div>
      </article>
    );
  }
  if (message.kind === 'auto_reply' || message.kind === 'bounce') {
    return (
      <details className="message message-auto" data-testid="auto-message">
        <summary>
          <span className="badge">{message.kind === 'bounce' ? 'Bounce' : 'Auto-reply'}</span> {message.from?.address ?? ''} · {message.subject}{' '}
          <When className="muted small" iso={message.receivedAt} />
        </summary>
        <pre className="quoted">{message.text}</pre>
        <Details message={message} />
      </details>
    );
  }
  if (message.direction === 'out') {
    return (
      <article className={`message message-out${isNew ? ' is-new' : ''}`} data-testid="our-reply" data-message-id={message.id}>
        <header className="message-header">
          <strong>{message.author?.name ?? 'We'}</strong>
          <span className="muted small"> replied to {message.to.map((address) => address.address).join(', ')}</span>
          <When className="muted small" iso={message.receivedAt} />
          <SendStatus message={message} onResend={() => onResend(message.id)} resending={resending} />
        </header>
        <div className="reply-body">
          <LightText text={message.text} />
        </div>
        <Attachments message={message} />
        {message.send?.status !== 'failed' ? (
          <div className="message-tools">
            <ForwardButton message={message} onForward={onForward} />
          </div>
        ) : null}
        <Details message={message} />
      </article>
    );
  }
  return <CustomerWords message={message} isNew={isNew} onSplit={onSplit} onForward={onForward} />;
}
