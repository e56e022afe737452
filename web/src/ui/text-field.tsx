import type { InputHTMLAttributes } from 'react';
import { Field } from './field.js';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** Help text under the label, announced with the field. */
  hint?: string;
  /** Error text; marks the field invalid and is announced with it. */
  error?: string;
  id?: string;
}

/** A labelled text input with hint and error wired through aria-describedby. */
export function TextField({ label, hint, error, id, className, ...rest }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} id={id} className={className}>
      {(control) => <input {...rest} {...control} className="field__input" />}
    </Field>
  );
}
