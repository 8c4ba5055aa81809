import { type FormEvent, useState } from 'react';
import { Field, fieldErrors, FormError, TextField } from '../../../components/form';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { type SavedReplyDto, useDeleteSavedReply, useSavedReplies, useSaveSavedReply } from '../api/saved-replies';
import { matchSavedReplies, SAVED_REPLY_VARIABLES } from '../fill-variables';
import '../saved-replies.css';

/** Settings → Saved replies: the team's and your own, created, edited and deleted here; inserted from the composer with `#`. */
export function SavedRepliesPage() {
  const replies = useSavedReplies();
  const [editing, setEditing] = useState<SavedReplyDto | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const shown = matchSavedReplies(replies.data ?? [], search, Number.MAX_SAFE_INTEGER);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Saved replies</h1>
          <p className="muted">Text you insert in a reply by typing # and its name in the composer. Team replies are shared with everyone; personal ones only you see.</p>
        </div>
        {editing === null ? (
          <button type="button" className="button button-primary saved-replies-new" onClick={() => setEditing('new')}>
            New saved reply
          </button>
        ) : null}
      </header>
      {editing !== null ? <SavedReplyForm key={editing === 'new' ? 'new' : editing.id} {...(editing === 'new' ? {} : { reply: editing })} onDone={() => setEditing(null)} /> : null}
      {replies.isPending ? (
        <Spinner label="Loading saved replies…" />
      ) : replies.isError ? (
        <ErrorState error={replies.error} onRetry={() => void replies.refetch()} />
      ) : replies.data.length === 0 ? (
        <EmptyState title="No saved replies yet">
          <p className="muted">Save the answers you write again and again (a refund, a shipping delay) and insert them with # in the composer.</p>
        </EmptyState>
      ) : (
        <>
          <label className="visually-hidden" htmlFor="saved-reply-search">
            Find a saved reply by name
          </label>
          <input id="saved-reply-search" className="saved-reply-search" type="search" placeholder="Find by name…" value={search} onChange={(event) => setSearch(event.target.value)} />
          {shown.length === 0 ? <p className="muted">No saved reply named “{search}”.</p> : null}
          <ul className="saved-reply-list" aria-label="Saved replies">
            {shown.map((reply) => (
              <SavedReplyCard key={reply.id} reply={reply} onEdit={() => setEditing(reply)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function SavedReplyCard({ reply, onEdit }: { reply: SavedReplyDto; onEdit: () => void }) {
  const remove = useDeleteSavedReply();
  return (
    <li className="saved-reply-card" data-testid="saved-reply">
      <header>
        <strong>{reply.name}</strong>
        <span className="saved-reply-scope small">{reply.scope === 'team' ? 'Team' : 'Personal'}</span>
        {reply.createdBy ? <span className="muted small">by {reply.createdBy.name}</span> : null}
        {reply.canEdit ? (
          <span className="actions">
            <button type="button" className="button button-small" onClick={onEdit}>
              Edit
            </button>
            <button
              type="button"
              className="button button-small button-quiet"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete the saved reply “${reply.name}”${reply.scope === 'team' ? ' for the whole team' : ''}?`)) remove.mutate(reply.id);
              }}
            >
              {remove.isPending ? 'Deleting…' : 'Delete'}
            </button>
          </span>
        ) : null}
      </header>
      {remove.error ? <FormError error={remove.error} /> : null}
      <pre>{reply.body}</pre>
    </li>
  );
}

function SavedReplyForm({ reply, onDone }: { reply?: SavedReplyDto; onDone: () => void }) {
  const save = useSaveSavedReply();
  const [name, setName] = useState(reply?.name ?? '');
  const [body, setBody] = useState(reply?.body ?? '');
  const [scope, setScope] = useState<'team' | 'personal'>(reply?.scope ?? 'personal');

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ ...(reply ? { id: reply.id } : {}), name, body, scope }, { onSuccess: onDone });
  }

  return (
    <form className="panel saved-reply-form" onSubmit={submit} aria-label={reply ? 'Edit saved reply' : 'New saved reply'} noValidate>
      <h2>{reply ? `Edit “${reply.name}”` : 'New saved reply'}</h2>
      <FormError error={save.error} />
      <TextField label="Name" hint="What you type after # to find it, e.g. refund" value={name} maxLength={100} required errors={fieldErrors(save.error, 'name')} onChange={(event) => setName(event.target.value)} />
      <Field label="Text" errors={fieldErrors(save.error, 'body')}>
        {(id) => <textarea id={id} value={body} rows={8} required aria-invalid={fieldErrors(save.error, 'body')?.length ? true : undefined} onChange={(event) => setBody(event.target.value)} />}
      </Field>
      <div className="field-hint">
        Variables, filled when you insert the reply (you can still edit the text before sending):
        <ul className="saved-reply-variables small">
          {SAVED_REPLY_VARIABLES.map((variable) => (
            <li key={variable.name}>
              <code>{`{{${variable.name}}}`}</code> {variable.description}
            </li>
          ))}
        </ul>
        A value the conversation does not have (a customer without a name) is left empty.
      </div>
      <fieldset className="field">
        <legend>Who can use it</legend>
        <label>
          <input type="radio" name="saved-reply-scope" value="personal" checked={scope === 'personal'} onChange={() => setScope('personal')} /> Personal: only you
        </label>{' '}
        <label>
          <input type="radio" name="saved-reply-scope" value="team" checked={scope === 'team'} onChange={() => setScope('team')} /> Team: everyone
        </label>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
