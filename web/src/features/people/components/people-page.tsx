import { useState } from 'react';
import type { PersonDto } from '../../../../../api/src/people/people.types';
import { FormError } from '../../../components/form';
import { EmptyState, ErrorState, Spinner } from '../../../components/status';
import { TIME_ZONES } from '../../../lib/time-zones';
import { useSession } from '../../auth/api/get-session';
import { usePeople } from '../api/get-people';
import { useUpdatePerson } from '../api/update-person';
import { ACCESS_LABELS, describeWorkingDays, ROLE_LABELS } from './labels';
import { InvitationsPanel } from '../../invitations/components/invitations-panel';
import { PersonForm } from './person-form';
import { ResetLinkButton } from './reset-link-button';
import { useSignInPolicy } from '../api/second-factor';
import { ResetSecondFactorButton } from './reset-second-factor-button';

export function PeoplePage() {
  const people = usePeople();
  const session = useSession();
  const isAdmin = session.data?.person.access === 'admin';
  const [editing, setEditing] = useState<PersonDto | 'new' | null>(null);
  const toggleActive = useUpdatePerson();
  const policy = useSignInPolicy();
  const enrolled = isAdmin ? policy.data?.enrolled : undefined;

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>People</h1>
          <p className="muted">Everyone who takes a turn on support: founders, programmers, designers.</p>
        </div>
        {isAdmin && editing === null ? (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            Add person
          </button>
        ) : null}
      </header>

      <datalist id="time-zones">
        {TIME_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {isAdmin ? <InvitationsPanel /> : null}
      {editing !== null ? <PersonForm key={editing === 'new' ? 'new' : editing.id} {...(editing === 'new' ? {} : { person: editing })} onDone={() => setEditing(null)} /> : null}
      <FormError error={toggleActive.error} />

      {people.isPending ? (
        <Spinner label="Loading people…" />
      ) : people.isError ? (
        <ErrorState error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.length === 0 ? (
        <EmptyState title="Nobody here yet" />
      ) : (
        <table className="table table-stack" aria-label="People">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Access</th>
              <th scope="col">Time zone</th>
              <th scope="col">Working days</th>
              <th scope="col">Status</th>
              {enrolled ? <th scope="col">Two-factor</th> : null}
              {isAdmin ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {people.data.map((person) => (
              <tr key={person.id} className={person.active ? undefined : 'inactive'}>
                <td className="table-stack-title">{person.name}</td>
                <td data-label="Email">{person.email}</td>
                <td data-label="Role">{ROLE_LABELS[person.supportRole]}</td>
                <td data-label="Access">{ACCESS_LABELS[person.access]}</td>
                <td data-label="Time zone">{person.timeZone}</td>
                <td data-label="Working days">{describeWorkingDays(person.workingDays)}</td>
                <td data-label="Status">{person.active ? 'Active' : 'Deactivated'}</td>
                {enrolled ? <td data-label="Two-factor">{describeSecondFactor(enrolled[person.id])}</td> : null}
                {isAdmin ? (
                  <td className="row-actions people-actions">
                    <button type="button" className="button button-small" onClick={() => setEditing(person)} aria-label={`Edit ${person.name}`}>
                      Edit
                    </button>
                    {person.id !== session.data?.person.id ? (
                      <button
                        type="button"
                        className="button button-small button-quiet"
                        disabled={toggleActive.isPending}
                        onClick={() => toggleActive.mutate({ id: person.id, active: !person.active })}
                        aria-label={`${person.active ? 'Deactivate' : 'Reactivate'} ${person.name}`}
                      >
                        {person.active ? 'Deactivate' : 'Reactivate'}
                      </button>
                    ) : null}
                    {person.id !== session.data?.person.id && person.active ? <ResetLinkButton person={person} /> : null}
                    {person.id !== session.data?.person.id && enrolled ? <ResetSecondFactorButton person={person} enrolled={!!enrolled[person.id]?.length} /> : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function describeSecondFactor(methods: ('totp' | 'passkey')[] | undefined): string {
  if (!methods?.length) return 'Off';
  return `On (${methods.map((method) => (method === 'totp' ? 'app' : 'passkey')).join(', ')})`;
}
