import type { PersonDto } from '../../../../../api/src/people/people.types';
import { useResetSecondFactor } from '../api/second-factor';

/** For someone who lost their phone and recovery codes: removes their second factors and signs them out (audited). */
export function ResetSecondFactorButton({ person, enrolled }: { person: PersonDto; enrolled: boolean }) {
  const reset = useResetSecondFactor();
  if (reset.isSuccess) {
    return (
      <span className="muted small" role="status">
        Two-factor reset; {person.name} was signed out.
      </span>
    );
  }
  // Stays mounted after a reset (when the person has none any more) to say what happened.
  if (!enrolled) return null;
  return (
    <>
      <button
        type="button"
        className="button button-small button-quiet"
        disabled={reset.isPending}
        aria-label={`Reset two-factor sign-in for ${person.name}`}
        onClick={() => {
          if (window.confirm(`Reset two-factor sign-in for ${person.name}? Their authenticator app, passkeys and recovery codes stop working and they are signed out everywhere. Do this only when you are sure it is them asking.`)) reset.mutate(person.id);
        }}
      >
        {reset.isPending ? 'Resetting…' : 'Reset 2FA'}
      </button>
      {reset.isError ? (
        <span className="field-error" role="alert">
          {reset.error.message}
        </span>
      ) : null}
    </>
  );
}
