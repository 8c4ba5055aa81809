import { useEffect, useRef, useState } from 'react';
import './outbound.css';
import type { ConversationDto, MessageDto, UndoneReplyDto } from '../../../../../api/src/conversations/conversations.types';
import { formatBytes } from '../../../lib/format';
import { useForward } from '../api/outbound';
import { AttachmentList, useComposerAttachments } from './composer-attachments';
import { looksLikeAddress, parseAddresses } from './reply-recipients';
import { Dialog } from '../../../components/dialog';

/** What a forward can carry: mail (the customer's, ours, auto-replies), never notes or activity. */
export const isForwardable = (message: MessageDto) =>
  ['email', 'auto_reply', 'bounce', 'bulk'].includes(message.kind) && !(message.direction === 'out' && message.send?.status === 'failed');

/** Mail kept under "Unknown sender" (it named no address): nobody can be answered, it can only be forwarded. */
export const hasNoSender = (conversation: ConversationDto) => /\.invalid$/i.test(conversation.contact.email);

/**
 * Forward a message or the whole conversation to anyone (a colleague outside the tool, an
 * accountant): To, Cc, an optional note above, the original attachments with it. Ctrl+Enter sends,
 * Esc closes. It goes out from the mailbox, is recorded in the thread, and never reaches the customer.
 */
export function ForwardDialog({
  conversation,
  messageId,
  undone = null,
  onClose,
}: {
  conversation: ConversationDto;
  messageId: string | null;
  /** A forward taken back with Undo (it waits like a reply): the dialog opens with what it had. */
  undone?: UndoneReplyDto['draft'] | null;
  onClose: () => void;
}) {
  const mail = conversation.messages.filter(isForwardable);
  const [scope, setScope] = useState<'message' | 'conversation'>(messageId ? 'message' : 'conversation');
  const message = mail.find((candidate) => candidate.id === messageId) ?? mail.filter((candidate) => candidate.direction === 'in').at(-1) ?? mail.at(-1);
  const chosen = scope === 'message' && message ? [message] : mail;
  const [to, setTo] = useState(() => undone?.to.join(', ') ?? '');
  const [cc, setCc] = useState(() => undone?.cc.join(', ') ?? '');
  const [note, setNote] = useState(() => undone?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const forward = useForward(conversation.id);
  const attachments = useComposerAttachments(`forward-${conversation.id}`);
  const filePicker = useRef<HTMLInputElement>(null);
  const toField = useRef<HTMLInputElement>(null);
  const originals = chosen.flatMap((entry) => entry.attachments);
  const originalBytes = originals.reduce((total, file) => total + file.size, 0);
  const ownBytes = attachments.files.filter((file) => file.state !== 'failed').reduce((total, file) => total + file.size, 0);
  // The server refuses the same (400); saying it here spares a round trip and says which file.
  const oversize = originals.filter((file) => file.size > attachments.limits.fileBytes);
  const overTotal = originalBytes + ownBytes > attachments.limits.totalBytes;

  useEffect(() => {
    // The person's own files come back with the undone forward (the originals are still on the mail).
    if (undone?.attachments.length) attachments.restore(undone.attachments);
    toField.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  function submit() {
    if (forward.isPending) return;
    const toList = parseAddresses(to);
    const ccList = parseAddresses(cc);
    const wrong = [...toList, ...ccList].filter((address) => !looksLikeAddress(address));
    if (toList.length === 0) return setError('Name at least one recipient in To.');
    if (wrong.length > 0) return setError(`Not an email address: ${wrong.join(', ')}.`);
    if (attachments.uploading) return setError('Wait a moment: a file is still uploading.');
    if (attachments.files.some((file) => file.state === 'failed')) return setError('Take out the files that could not be attached (×), then forward.');
    setError(null);
    forward.mutate(
      {
        ...(scope === 'message' && message ? { messageId: message.id } : {}),
        to: toList,
        ...(ccList.length ? { cc: ccList } : {}),
        ...(note.trim() ? { note } : {}),
        ...(attachments.readyIds.length ? { attachmentIds: attachments.readyIds } : {}),
      },
      {
        onSuccess: () => {
          attachments.clear();
          onClose();
        },
        onError: (failure) => setError(failure.message),
      },
    );
  }

  const who = (entry: MessageDto) => entry.from?.name ?? entry.from?.address ?? 'Unknown sender';
  return (
    <Dialog className="forward-dialog" label="Forward" testId="forward-dialog" onClose={onClose} onSubmit={submit}>
      <h2>Forward</h2>
      {undone ? (
        <div className="banner banner-info" role="status" data-testid="forward-undone">
          Not forwarded: you took it back. Your note, recipients and files are here to send again or cancel.
        </div>
      ) : null}
      <fieldset className="forward-scope">
        <legend className="visually-hidden">What to forward</legend>
        {message ? (
          <label>
            <input type="radio" name="forward-scope" checked={scope === 'message'} onChange={() => setScope('message')} /> This message from {who(message)}
          </label>
        ) : null}
        <label>
          <input type="radio" name="forward-scope" checked={scope === 'conversation'} onChange={() => setScope('conversation')} /> The whole conversation ({mail.length}{' '}
          {mail.length === 1 ? 'message' : 'messages'}, notes excepted)
        </label>
      </fieldset>
      <label className="forward-field">
        <span>To</span>
        <input ref={toField} type="text" inputMode="email" autoComplete="off" value={to} placeholder="colleague@example.com, accountant@example.com" onChange={(event) => {
            setTo(event.target.value);
            setError(null);
          }}
        />
      </label>
      <label className="forward-field">
        <span>Cc</span>
        <input type="text" inputMode="email" autoComplete="off" value={cc} onChange={(event) => setCc(event.target.value)} />
      </label>
      <label className="forward-field forward-note">
        <span>Note</span>
        <textarea rows={4} value={note} placeholder="Optional: a few words above the forwarded mail" onChange={(event) => setNote(event.target.value)} />
      </label>
      <div className="forward-goes" data-testid="forward-goes">
        <p className="small muted">
          Goes with it: {chosen.length} {chosen.length === 1 ? 'message' : 'messages'} whole, with From, Date and Subject
          {originals.length ? `, and ${originals.length} original ${originals.length === 1 ? 'file' : 'files'}:` : '.'}
        </p>
        {originals.length ? (
          <ul className="attachments" aria-label="Original files forwarded">
            {originals.map((file) => (
              <li key={file.id} className="small">
                📎 {file.filename ?? 'attachment'} <span className="muted">{formatBytes(file.size)}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {oversize.length > 0 || overTotal ? (
        <div className="banner banner-warning" role="alert" data-testid="forward-too-large">
          {oversize.length > 0
            ? `Too large to forward: ${oversize.map((file) => `“${file.filename ?? 'attachment'}” (${formatBytes(file.size)})`).join(', ')}; one attached file may be ${formatBytes(attachments.limits.fileBytes)} at most.`
            : `Too large to forward: the files come to ${formatBytes(originalBytes + ownBytes)}; one message may carry ${formatBytes(attachments.limits.totalBytes)} at most.`}{' '}
          {scope === 'conversation' && mail.length > 1 ? 'Forward one message instead, or share the files another way.' : 'Share the files another way.'}
        </div>
      ) : null}
      <AttachmentList attachments={attachments} />
      {error ? (
        <div className="banner banner-error" role="alert" data-testid="forward-error">
          {error}
        </div>
      ) : null}
      <p className="small muted">Sent from {conversation.mailbox.name}; the customer does not get it.</p>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={forward.isPending || attachments.uploading} onClick={submit}>
          {forward.isPending ? 'Forwarding…' : 'Forward'}
        </button>
        <button type="button" className="button" onClick={() => filePicker.current?.click()}>
          Add files
        </button>
        <input
          ref={filePicker}
          type="file"
          multiple
          hidden
          onChange={(event) => {
            attachments.add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <button type="button" className="button button-quiet" onClick={onClose}>
          Cancel
        </button>
        <span className="muted small">Ctrl+Enter</span>
      </div>
    </Dialog>
  );
}

/** For mail without a sender address, in place of a reply: why there is nobody to answer, and the way out. */
export function NoSenderNotice({ onForward }: { onForward: () => void }) {
  return (
    <div className="banner banner-warning no-sender" role="status" data-testid="no-sender">
      This mail came without a sender address, so a reply has nowhere to go. Forward it to someone who can answer it.{' '}
      <button type="button" className="button button-small" onClick={onForward}>
        Forward… <kbd>f</kbd>
      </button>
    </div>
  );
}
