import { type InputHTMLAttributes, useId } from 'react';

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'id'> {
  label: string;
  hint?: string;
  id?: string;
}

/** A checkbox with its label as a 44 px touch target. */
export function Checkbox({ label, hint, id, className, ...rest }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  return (
    <div className={['checkbox', className].filter(Boolean).join(' ')}>
      <input {...rest} type="checkbox" id={inputId} aria-describedby={hint ? hintId : undefined} />
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p id={hintId} className="field__hint checkbox__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
