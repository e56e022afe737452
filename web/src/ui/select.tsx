import type { SelectHTMLAttributes } from 'react';
import { Field } from './field.js';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: string;
  options: SelectOption[];
  hint?: string;
  error?: string;
  id?: string;
}

/** A labelled native select (the most accessible choice on phones and with screen readers). */
export function Select({ label, options, hint, error, id, className, ...rest }: SelectProps) {
  return (
    <Field label={label} hint={hint} error={error} id={id} className={className}>
      {(control) => (
        <select {...rest} {...control} className="field__input field__select">
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
