import { type FormEvent, useState } from 'react';
import { ACCESS_LEVELS, MIN_PASSWORD_LENGTH, type PersonDto, SUPPORT_ROLES } from '../../../../../api/src/people/people.types';
import { fieldErrors, FormError, SelectField, TextField } from '../../../components/form';
import { browserTimeZone } from '../../../lib/time-zones';
import { useCreatePerson } from '../api/create-person';
import { useUpdatePerson } from '../api/update-person';
import { ACCESS_LABELS, ROLE_LABELS, WEEKDAYS } from './labels';

interface Props {
  /** Absent: add a new person. */
  person?: PersonDto;
  onDone: () => void;
}

/** Add or edit a person. Editing leaves the password alone unless a new one is typed. */
export function PersonForm({ person, onDone }: Props) {
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const mutation = person ? update : create;
  const [form, setForm] = useState({
    name: person?.name ?? '',
    email: person?.email ?? '',
    password: '',
    access: person?.access ?? 'member',
    supportRole: person?.supportRole ?? 'programmer',
    timeZone: person?.timeZone ?? browserTimeZone(),
    workingDays: person?.workingDays ?? [1, 2, 3, 4, 5],
  });
  const set = <K extends keyof typeof form>(field: K, value: (typeof form)[K]) => setForm((current) => ({ ...current, [field]: value }));
  const toggleDay = (day: number) =>
    set('workingDays', form.workingDays.includes(day) ? form.workingDays.filter((value) => value !== day) : [...form.workingDays, day].sort());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (person) {
      const { password, ...rest } = form;
      update.mutate({ id: person.id, ...rest, ...(password ? { password } : {}) }, { onSuccess: onDone });
    } else {
      create.mutate(form, { onSuccess: onDone });
    }
  };

  return (
    <form className="panel" onSubmit={submit} aria-label={person ? `Edit ${person.name}` : 'Add a person'} noValidate>
      <h2>{person ? `Edit ${person.name}` : 'Add a person'}</h2>
      <FormError error={mutation.error} />
      <div className="form-grid">
        <TextField label="Name" name="name" required value={form.name} onChange={(event) => set('name', event.target.value)} errors={fieldErrors(mutation.error, 'name')} autoFocus />
        <TextField label="Email" name="email" type="email" required value={form.email} onChange={(event) => set('email', event.target.value)} errors={fieldErrors(mutation.error, 'email')} />
        <TextField
          label={person ? 'New password (optional)' : 'Initial password'}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={person ? 'Leave empty to keep the current password. Setting one signs them out everywhere.' : `At least ${MIN_PASSWORD_LENGTH} characters; share it with them privately.`}
          value={form.password}
          onChange={(event) => set('password', event.target.value)}
          errors={fieldErrors(mutation.error, 'password')}
        />
        <TextField label="Time zone" name="timeZone" list="time-zones" required value={form.timeZone} onChange={(event) => set('timeZone', event.target.value)} errors={fieldErrors(mutation.error, 'timeZone')} />
        <SelectField
          label="Access"
          name="access"
          value={form.access}
          onChange={(event) => set('access', event.target.value as (typeof ACCESS_LEVELS)[number])}
          options={ACCESS_LEVELS.map((value) => ({ value, label: ACCESS_LABELS[value] }))}
          errors={fieldErrors(mutation.error, 'access')}
        />
        <SelectField
          label="Support role"
          name="supportRole"
          value={form.supportRole}
          onChange={(event) => set('supportRole', event.target.value as (typeof SUPPORT_ROLES)[number])}
          options={SUPPORT_ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))}
          errors={fieldErrors(mutation.error, 'supportRole')}
        />
      </div>
      <fieldset className="weekdays">
        <legend>Working days</legend>
        {WEEKDAYS.map(({ day, short }) => (
          <label key={day} className="weekday">
            <input type="checkbox" checked={form.workingDays.includes(day)} onChange={() => toggleDay(day)} /> {short}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : person ? 'Save changes' : 'Add person'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
