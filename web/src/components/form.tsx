import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';
import { ApiError } from '../lib/api-client';

export function Field({ label, hint, errors, children }: { label: string; hint?: string; errors?: string[] | undefined; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && !errors?.length ? <p className="field-hint">{hint}</p> : null}
      {errors?.map((error) => (
        <p key={error} className="field-error" role="alert">
          {error}
        </p>
      ))}
    </div>
  );
}

export function TextField({ label, hint, errors, ...input }: { label: string; hint?: string; errors?: string[] | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} {...(hint ? { hint } : {})} errors={errors}>
      {(id) => <input id={id} aria-invalid={errors?.length ? true : undefined} {...input} />}
    </Field>
  );
}

export function SelectField({
  label,
  errors,
  options,
  ...select
}: { label: string; errors?: string[] | undefined; options: readonly { value: string; label: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} errors={errors}>
      {(id) => (
        <select id={id} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The whole-form error: the API's message, or a plain one for anything unexpected. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  // Field problems are shown beside their fields; the banner only points at them.
  const message =
    error instanceof ApiError
      ? error.code === 'validation_failed' && Object.keys(error.details).length > 0
        ? 'Please correct the highlighted fields.'
        : error.message
      : 'Something went wrong. Please try again.';
  return (
    <div className="banner banner-error" role="alert">
      {message}
    </div>
  );
}

export function fieldErrors(error: unknown, field: string): string[] | undefined {
  return error instanceof ApiError ? error.details[field] : undefined;
}
