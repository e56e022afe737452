import { useId } from 'react';

export interface RadioOption {
  value: string;
  label: string;
}

export interface RadioGroupProps {
  /** The question; rendered as the fieldset's legend. */
  legend: string;
  options: RadioOption[];
  /** The chosen value, or '' when nothing is chosen yet. */
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  /** The id of the FIRST radio, so an error summary link can move focus into the group. */
  id?: string;
  name?: string;
}

/**
 * A group of radio buttons in a `<fieldset>` with `<legend>` (the question),
 * hint and error tied to the group with aria-describedby. Each label is a
 * 44 px touch target (the `.checkbox` row styles fit radios too).
 */
export function RadioGroup({ legend, options, value, onChange, hint, error, id, name }: RadioGroupProps) {
  const generated = useId();
  const base = id ?? generated;
  const hintId = `${base}-hint`;
  const errorId = `${base}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={error ? 'field field--invalid' : 'field'} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      {options.map((option, index) => {
        const optionId = index === 0 ? base : `${base}-${index}`;
        return (
          <div className="checkbox" key={option.value}>
            <input
              type="radio"
              id={optionId}
              name={name ?? base}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <label htmlFor={optionId}>{option.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
