import { useQuery } from '@tanstack/react-query';
import './outbound.css';
import { useEffect, useRef, useState } from 'react';
import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import type { NewConversationResultDto, UndoneConversationDto } from '../../../../../api/src/replies/outbound.contract';
import { useSession } from '../../auth/api/get-session';
import { useDutyNow, useRotations } from '../../rotation/api/rotations';
import { suggestRecipients, useStartConversation } from '../api/outbound';
import { AttachmentList, useComposerAttachments } from './composer-attachments';
import { looksLikeAddress, parseAddresses } from './reply-recipients';
import { Dialog } from '../../../components/dialog';

/** The mailbox to write from: the one being looked at, else one whose rotation has you on duty now, else the first. */
export function defaultMailboxId(mailboxes: MailboxDto[], viewMailboxId: string | undefined, onDutyMailboxIds: string[]): string | undefined {
  if (viewMailboxId && mailboxes.some((mailbox) => mailbox.id === viewMailboxId)) return viewMailboxId;
  return mailboxes.find((mailbox) => onDutyMailboxIds.includes(mailbox.id))?.id ?? mailboxes[0]?.id;
}

/** The word being typed in an address field (after the last comma or semicolon). */
const lastTyped = (value: string) => value.split(/[,;]/).at(-1)?.trim() ?? '';

/**
 * A new conversation: an email to a customer from one of the mailboxes. It is assigned to you,
 * waits for the customer like any answered conversation, and their answer threads into it.
 */
export function NewConversationDialog({
  mailboxes,
  viewMailboxId,
  undone = null,
  onClose,
  onStarted,
}: {
  mailboxes: MailboxDto[];
  viewMailboxId: string | undefined;
  /** One taken back with Undo (it waits like a reply): the dialog opens with everything it had. */
  undone?: UndoneConversationDto['draft'] | null;
  onClose: () => void;
  /** Sent: stored at once, or held for the undo time (`sendAfter`); with the subject and first recipient, for the Undo banner. */
  onStarted: (result: NewConversationResultDto, sent: { subject: string; to: string }) => void;
}) {
  const me = useSession().data?.person;
  const duty = useDutyNow();
  const rotations = useRotations();
  const onDutyRotations = (duty.data ?? []).filter((entry) => me && [entry.primary, entry.buddy].some((person) => person?.personId === me.id)).map((entry) => entry.rotationId);
  const onDutyMailboxIds = (rotations.data ?? []).filter((rotation) => onDutyRotations.includes(rotation.id)).flatMap((rotation) => rotation.mailboxIds);
  const suggested = defaultMailboxId(mailboxes, viewMailboxId, onDutyMailboxIds);
  const [picked, setPicked] = useState<string | undefined>(() => (undone && mailboxes.some((mailbox) => mailbox.id === undone.mailboxId) ? undone.mailboxId : undefined));
  const mailboxId = picked ?? suggested;
  const [to, setTo] = useState(() => undone?.to.join(', ') ?? '');
  const [cc, setCc] = useState(() => undone?.cc.join(', ') ?? '');
  const [subject, setSubject] = useState(() => undone?.subject ?? '');
  const [text, setText] = useState(() => undone?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const start = useStartConversation();
  const attachments = useComposerAttachments('new-conversation');
  const filePicker = useRef<HTMLInputElement>(null);
  const toField = useRef<HTMLInputElement>(null);
  const typed = lastTyped(to);
  const suggestions = useQuery({ queryKey: ['recipients', typed.toLowerCase()], queryFn: () => suggestRecipients(typed), enabled: typed.length >= 2 && !typed.includes('@'), staleTime: 30_000 });

  useEffect(() => {
    // The files come back as they were uploaded (still waiting to be sent).
    if (undone?.attachments.length) attachments.restore(undone.attachments);
    toField.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  function submit() {
    if (start.isPending) return;
    const toList = parseAddresses(to);
    const ccList = parseAddresses(cc);
    const wrong = [...toList, ...ccList].filter((address) => !looksLikeAddress(address));
    if (!mailboxId) return setError('Connect a mailbox first: mail goes out from one.');
    if (toList.length === 0) return setError('Name the customer in To.');
    if (wrong.length > 0) return setError(`Not an email address: ${wrong.join(', ')}.`);
    if (!subject.trim()) return setError('Write a subject.');
    if (!text.trim()) return setError('Write your message.');
    if (attachments.uploading) return setError('Wait a moment: a file is still uploading.');
    if (attachments.files.some((file) => file.state === 'failed')) return setError('Take out the files that could not be attached (×), then send.');
    setError(null);
    start.mutate(
      { mailboxId, to: toList, ...(ccList.length ? { cc: ccList } : {}), subject, text, ...(attachments.readyIds.length ? { attachmentIds: attachments.readyIds } : {}) },
      {
        onSuccess: (result) => {
          attachments.clear();
          onStarted(result, { subject: subject.trim(), to: toList.join(', ') });
        },
        onError: (failure) => setError(failure.message),
      },
    );
  }

  const mailbox = mailboxes.find((candidate) => candidate.id === mailboxId);
  return (
    <Dialog className="forward-dialog" label="New conversation" testId="new-conversation" onClose={onClose} onSubmit={submit}>
      <h2>New conversation</h2>
      {undone ? (
        <div className="banner banner-info" role="status" data-testid="new-conversation-undone">
          Not sent: you took it back. Your recipients, subject, message and files are here to send again or cancel.
        </div>
      ) : null}
      {mailboxes.length === 0 ? <p className="banner banner-warning">Connect a mailbox first: a new conversation is an email sent from one.</p> : null}
      <label className="forward-field">
        <span>From</span>
        <select value={mailboxId ?? ''} onChange={(event) => setPicked(event.target.value)}>
          {mailboxes.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name} &lt;{candidate.address}&gt;
            </option>
          ))}
        </select>
      </label>
      <label className="forward-field">
        <span>To</span>
        <input ref={toField} type="text" inputMode="email" autoComplete="off" list="new-conversation-recipients" value={to} placeholder="customer@example.com" onChange={(event) => {
            setTo(event.target.value);
            setError(null);
          }}
        />
      </label>
      <datalist id="new-conversation-recipients">
        {(suggestions.data ?? []).map((contact) => (
          <option key={contact.address} value={[...to.split(/[,;]/).slice(0, -1).map((part) => part.trim()), contact.address].filter(Boolean).join(', ')}>
            {contact.name ?? contact.address}
          </option>
        ))}
      </datalist>
      <label className="forward-field">
        <span>Cc</span>
        <input type="text" inputMode="email" autoComplete="off" value={cc} onChange={(event) => setCc(event.target.value)} />
      </label>
      <label className="forward-field">
        <span>Subject</span>
        <input type="text" value={subject} maxLength={998} onChange={(event) => setSubject(event.target.value)} />
      </label>
      <label className="forward-field forward-note">
        <span>Message</span>
        <textarea rows={8} value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <AttachmentList attachments={attachments} />
      {error ? (
        <div className="banner banner-error" role="alert" data-testid="new-conversation-error">
          {error}
        </div>
      ) : null}
      <p className="small muted">
        Assigned to you; {mailbox?.afterReply === 'closed' ? 'closed' : mailbox?.afterReply === 'open' ? 'kept open' : 'pending, waiting for the customer'} until they answer (their answer comes back here).
      </p>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={start.isPending || attachments.uploading || !mailboxId} onClick={submit}>
          {start.isPending ? 'Sending…' : 'Send'}
        </button>
        <button type="button" className="button" onClick={() => filePicker.current?.click()}>
          Attach files
        </button>
        <input
          ref={filePicker}
          type="file"
          multiple
          hidden
          data-testid="new-conversation-file-input"
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
