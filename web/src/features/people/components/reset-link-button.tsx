import type { PersonDto } from '../../../../../api/src/people/people.types';
import { useCreateResetLink } from '../api/create-reset-link';

/** An admin makes a single-use reset link for someone (when no outgoing mail is set up) and hands it over. */
export function ResetLinkButton({ person }: { person: PersonDto }) {
  const create = useCreateResetLink();
  if (create.isSuccess) {
    return (
      <span className="reset-link">
        <label className="visually-hidden" htmlFor={`reset-link-${person.id}`}>
          Reset link for {person.name}
        </label>
        <input id={`reset-link-${person.id}`} readOnly value={create.data.url} onFocus={(event) => event.target.select()} />
        <span className="muted small">Works once, for 30 minutes. Give it to {person.name} privately.</span>
      </span>
    );
  }
  return (
    <>
      <button type="button" className="button button-small button-quiet" disabled={create.isPending} onClick={() => create.mutate(person.id)} aria-label={`Make a password reset link for ${person.name}`}>
        {create.isPending ? 'Making link…' : 'Reset link'}
      </button>
      {create.isError ? (
        <span className="field-error" role="alert">
          {create.error.message}
        </span>
      ) : null}
    </>
  );
}
