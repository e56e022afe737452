import type { TextareaHTMLAttributes } from 'react';
import { Field } from './field.js';

export interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  hint?: string;
  error?: string;
  id?: string;
}

/** A labelled multi-line text input, wired like TextField (hint and error through aria-describedby). */
export function TextArea({ label, hint, error, id, className, rows = 4, ...rest }: TextAreaProps) {
  return (
    <Field label={label} hint={hint} error={error} id={id} className={className}>
      {(control) => <textarea {...rest} {...control} rows={rows} className="field__input" />}
    </Field>
  );
}
