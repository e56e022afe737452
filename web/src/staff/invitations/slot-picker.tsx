/**
 * The unit's free times for an invitation or an offer: one to hold (a select)
 * or several to reserve (checkboxes in a fieldset), with loading and empty states.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox, ErrorAlert, Select, Spinner } from '../../ui/index.js';
import { useLabels } from '../format.js';
import type { StaffFreeSlot } from './invitations-api.js';

interface Common {
  id: string;
  slots: StaffFreeSlot[] | undefined;
  pending: boolean;
  error: unknown;
  fieldError?: string;
  /** Shown when the search found nothing. */
  emptyText: string;
}

/** One time (fixed-time invitation, a newly proposed time). */
export function SlotSelect({
  id,
  slots,
  pending,
  error,
  fieldError,
  emptyText,
  value,
  onChange,
}: Common & { value: string; onChange: (slotId: string) => void }) {
  const { t } = useTranslation('invitations');
  const labels = useLabels();
  if (pending) return <Spinner label={t('create.slotsLoading')} />;
  if (error) return <ErrorAlert error={error} />;
  if (!slots || slots.length === 0)
    return (
      <p className="muted" id={id} data-testid="no-slots">
        {emptyText}
      </p>
    );
  return (
    <Select
      id={id}
      label={t('create.slot')}
      value={value}
      error={fieldError}
      onChange={(e) => onChange(e.target.value)}
      options={[
        { value: '', label: t('create.chooseSlot') },
        ...slots.map((s) => ({
          value: s.id,
          label: t('create.slotOption', { when: labels.dateTime(s.start), places: s.placesLeft }),
        })),
      ]}
    />
  );
}

/** Several times to reserve (book-within-period invitation, offer). The first box carries `id`. */
export function SlotChecklist({
  id,
  slots,
  pending,
  error,
  fieldError,
  emptyText,
  legend,
  hint,
  value,
  onChange,
}: Common & { legend: string; hint?: string; value: string[]; onChange: (slotIds: string[]) => void }) {
  const { t } = useTranslation('invitations');
  const labels = useLabels();
  const hintId = useId();
  const errorId = useId();
  if (pending) return <Spinner label={t('create.slotsLoading')} />;
  if (error) return <ErrorAlert error={error} />;
  if (!slots || slots.length === 0)
    return (
      <p className="muted" id={id} data-testid="no-slots">
        {emptyText}
      </p>
    );
  const chosen = new Set(value);
  const describedBy = [hint ? hintId : null, fieldError ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={fieldError ? 'field field--invalid' : 'field'} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {fieldError && (
        <p id={errorId} className="field__error">
          {fieldError}
        </p>
      )}
      {slots.map((s, index) => (
        <Checkbox
          key={s.id}
          id={index === 0 ? id : `${id}-${index}`}
          label={t('create.slotOption', { when: labels.dateTime(s.start), places: s.placesLeft })}
          checked={chosen.has(s.id)}
          onChange={(e) => onChange(e.target.checked ? [...value, s.id] : value.filter((v) => v !== s.id))}
        />
      ))}
    </fieldset>
  );
}
