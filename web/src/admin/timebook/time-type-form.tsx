/**
 * The time-type form (create and edit): names, duration, mode, places,
 * self-booking, health declaration, ages, one active booking, dose interval and
 * cancellation cut-off. Server errors appear at the fields and in a summary.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldTexts } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Button, Checkbox, ErrorAlert, Select, TextField } from '../../ui/index.js';
import { type TimeTypeValues, TYPE_FIELDS } from './time-type-values.js';
import { type AdminForm, useForms } from './timebook-admin-api.js';

const id = (key: string) => `tt-${key}`;

export function TimeTypeForm({
  initial,
  create,
  pending,
  error,
  submitLabel,
  onSubmit,
}: {
  initial: TimeTypeValues;
  create: boolean;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (values: TimeTypeValues) => void;
}) {
  const { t } = useTranslation(['timebook', 'common']);
  const forms = useForms();
  const [values, setValues] = useState(initial);
  const fields = fieldTexts(error);
  const summary = TYPE_FIELDS.filter((k) => fields[k]).map((k) => ({
    fieldId: id(k),
    message: `${t(`admin.type.${k}`)}: ${fields[k]}`,
  }));
  const general = error && summary.length === 0 ? error : null;
  const input = (key: keyof TimeTypeValues, extra: { hint?: string; inputMode?: 'numeric' } = {}) => ({
    id: id(key),
    label: t(`admin.type.${key}`),
    value: values[key] as string,
    error: fields[key],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
    ...extra,
  });
  const check = (key: 'selfBookable' | 'oneActiveBooking', hint: string) => ({
    id: id(key),
    label: t(`admin.type.${key}`),
    hint,
    checked: values[key],
    onChange: (e: { target: { checked: boolean } }) => setValues((v) => ({ ...v, [key]: e.target.checked })),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(values);
  }

  const formOptions = (forms.data ?? []).filter((f: Pick<AdminForm, 'retiredAt'>) => !f.retiredAt);
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary title={t('admin.type.errors')} items={summary} focusKey={error} />
      <ErrorAlert error={general} />
      <h2>{t('admin.type.basics')}</h2>
      {create && <TextField {...input('code', { hint: t('admin.type.codeHint') })} spellCheck={false} />}
      <TextField {...input('nameSv')} />
      <TextField {...input('nameEn')} lang="en" />
      <div className="row-fields">
        <TextField {...input('durationMinutes', { hint: t('admin.type.minutesHint'), inputMode: 'numeric' })} />
        <TextField {...input('placesPerSlot', { hint: t('admin.type.placesHint'), inputMode: 'numeric' })} />
      </div>
      <Select
        {...input('mode')}
        options={(['on_site', 'video', 'phone'] as const).map((m) => ({ value: m, label: t(`admin.modes.${m}`) }))}
      />
      <h2>{t('admin.type.bookingTitle')}</h2>
      <Checkbox {...check('selfBookable', t('admin.type.selfBookableHint'))} />
      <Select
        {...input('formId', { hint: t('admin.type.formHint') })}
        options={[
          { value: '', label: t('admin.type.noForm') },
          ...formOptions.map((f) => ({ value: f.id, label: f.name })),
        ]}
      />
      <div className="row-fields">
        <TextField {...input('minAge', { hint: t('admin.type.ageHint'), inputMode: 'numeric' })} />
        <TextField {...input('maxAge', { hint: t('admin.type.ageHint'), inputMode: 'numeric' })} />
      </div>
      <Checkbox {...check('oneActiveBooking', t('admin.type.oneActiveHint'))} />
      <div className="row-fields">
        <TextField {...input('doseGroup', { hint: t('admin.type.doseGroupHint') })} spellCheck={false} />
        <TextField {...input('minDaysSinceDose', { hint: t('admin.type.minDaysHint'), inputMode: 'numeric' })} />
      </div>
      <TextField {...input('cancelCutoffMinutes', { hint: t('admin.type.cutoffHint'), inputMode: 'numeric' })} />
      <div className="button-row">
        <Button type="submit" pending={pending} pendingLabel={t('common:saving')}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
