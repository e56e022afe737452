/**
 * The unit's free times for an invitation or an offer: the date window they are
 * searched in (`useSlotWindow`, `DateRangeFields`), then one to hold (a select)
 * or several to reserve (checkboxes in a fieldset), with loading and empty states.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox, ErrorAlert, Select, Spinner, TextField } from '../../ui/index.js';
import { useLabels } from '../format.js';
import { addDays, todayInStockholm } from '../timebook/dates.js';
import { type StaffFreeSlot, useFreeSlots } from './invitations-api.js';

/** A `YYYY-MM-DD` date as a date input gives it. */
export const isIsoDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The window (today … +14 days by default) in which the unit's free times of
 * `typeId` are listed; nothing is asked while the type is unset or the dates do not hold.
 */
export function useSlotWindow(unitId: string, typeId: string) {
  const today = todayInStockholm();
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 14));
  const datesOk = isIsoDate(from) && isIsoDate(to) && from <= to;
  const slots = useFreeSlots(unitId, typeId && datesOk ? { timeTypeId: typeId, from, to } : null);
  return { from, setFrom, to, setTo, datesOk, slots };
}

/** The window's two date fields side by side (`<idPrefix>-from`, `<idPrefix>-to`). */
export function DateRangeFields({
  idPrefix,
  labels,
  range,
  errors,
}: {
  idPrefix: string;
  labels: { from: string; to: string };
  range: Pick<ReturnType<typeof useSlotWindow>, 'from' | 'setFrom' | 'to' | 'setTo'>;
  errors: { from?: string | undefined; to?: string | undefined };
}) {
  return (
    <div className="row-fields">
      <TextField
        id={`${idPrefix}-from`}
        type="date"
        label={labels.from}
        value={range.from}
        error={errors.from}
        onChange={(e) => range.setFrom(e.target.value)}
      />
      <TextField
        id={`${idPrefix}-to`}
        type="date"
        label={labels.to}
        value={range.to}
        error={errors.to}
        onChange={(e) => range.setTo(e.target.value)}
      />
    </div>
  );
}

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
