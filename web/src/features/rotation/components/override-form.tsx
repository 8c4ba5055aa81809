import { type FormEvent, useState } from 'react';
import type { RotationDto } from '../../../../../api/src/duty/duty.types';
import { FormError, SelectField, TextField, fieldErrors } from '../../../components/form';
import { useAddDutyChange } from '../api/rotations';

/** Admins: someone else takes a role for some days. */
export function OverrideForm({ rotation }: { rotation: RotationDto }) {
  const add = useAddDutyChange(rotation.id);
  const [form, setForm] = useState({ personId: rotation.members[0]?.personId ?? '', role: 'primary', from: '', to: '', reason: '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { kind: 'override', personId: form.personId, role: form.role as 'primary' | 'buddy' | 'shadow', from: form.from, to: form.to || form.from, reason: form.reason },
      { onSuccess: () => setForm({ ...form, from: '', to: '', reason: '' }) },
    );
  };
  return (
    <form className="panel" onSubmit={submit} aria-label="Add an override">
      <h2>Add an override</h2>
      <p className="muted">Someone else takes the duty on these days; the rest of the rotation stays as planned.</p>
      <FormError error={add.error} />
      {add.isSuccess ? <p role="status">Override added.</p> : null}
      <div className="form-grid">
        <SelectField
          label="Person"
          name="personId"
          value={form.personId}
          onChange={(event) => setForm({ ...form, personId: event.target.value })}
          options={rotation.members.map((member) => ({ value: member.personId, label: member.name }))}
        />
        <SelectField
          label="Role"
          name="role"
          value={form.role}
          onChange={(event) => setForm({ ...form, role: event.target.value })}
          options={[
            { value: 'primary', label: 'On duty (primary)' },
            { value: 'buddy', label: 'Buddy' },
            { value: 'shadow', label: 'Shadow' },
          ]}
        />
        <TextField label="From" name="override-from" type="date" required value={form.from} onChange={(event) => setForm({ ...form, from: event.target.value })} errors={fieldErrors(add.error, 'from')} />
        <TextField label="To" name="override-to" type="date" value={form.to} onChange={(event) => setForm({ ...form, to: event.target.value })} errors={fieldErrors(add.error, 'to')} />
        <TextField label="Reason" name="override-reason" required value={form.reason} onChange={(event) => setForm({ ...form, reason: event.target.value })} errors={fieldErrors(add.error, 'reason')} />
      </div>
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Saving…' : 'Add override'}
      </button>
    </form>
  );
}
