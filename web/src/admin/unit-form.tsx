/**
 * The unit form used to create and to edit a unit. Server errors appear next
 * to each field and in a summary at the top that links to the fields; fields
 * only region admins may change are disabled for others.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors.js';
import { UNIT_KINDS, useLabels } from '../staff/format.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { Button, Checkbox, ErrorAlert, Select, TextField } from '../ui/index.js';
import { TextArea } from '../ui/text-area.js';
import { OpeningHoursFields, ServicesFields } from './unit-form-lists.js';
import { fieldId, type UnitFormValues, unitFieldErrors } from './unit-form-values.js';

const ORDER = [
  'name',
  'hsaId',
  'kind',
  'providerType',
  'active',
  'street',
  'postalCode',
  'city',
  'municipality',
  'latitude',
  'longitude',
  'phone',
  'email',
  'website',
  'description',
  'openingHours',
  'hours-1',
  'hours-2',
  'hours-3',
  'hours-4',
  'hours-5',
  'hours-6',
  'hours-7',
  'services',
];
const rank = (key: string) => {
  const i = ORDER.indexOf(key);
  return i >= 0 ? i : ORDER.length + Number(key.replace(/\D/g, '') || 0);
};

export interface UnitFormProps {
  initial: UnitFormValues;
  mode: 'create' | 'edit';
  /** False for unit admins: hsaId, kind, providerType and active are then disabled. */
  regionAdmin: boolean;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (values: UnitFormValues) => void;
}

export function UnitForm({ initial, mode, regionAdmin, pending, error, submitLabel, onSubmit }: UnitFormProps) {
  const { t } = useTranslation(['admin', 'common']);
  const labels = useLabels();
  const [values, setValues] = useState(initial);
  const errors = unitFieldErrors(error, values, t, labels.weekday);
  const summary = [...errors.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([, e]) => ({ fieldId: e.id, message: e.message }));
  const generalError = error instanceof ApiError && errors.size > 0 ? null : error;

  const text = (key: keyof UnitFormValues, extra: { hint?: string; type?: string; autoComplete?: string } = {}) => ({
    id: fieldId(key),
    label: t(`admin:form.${key}`),
    value: values[key] as string,
    error: errors.get(key)?.message,
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
    ...extra,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(values);
  }

  const locked = !regionAdmin;
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary title={t('admin:errors.summary')} items={summary} focusKey={error} />
      <ErrorAlert error={generalError} />
      {mode === 'create' && <p>{t('admin:create.lead')}</p>}
      {mode === 'edit' && locked && <p className="muted">{t('admin:edit.regionOnlyHint')}</p>}

      <h2>{t('admin:form.basicsTitle')}</h2>
      <TextField {...text('name')} autoComplete="organization" />
      <TextField {...text('hsaId', { hint: t('admin:form.hsaIdHint') })} disabled={locked} spellCheck={false} />
      <Select
        {...text('kind')}
        disabled={locked}
        options={UNIT_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))}
      />
      <Select
        {...text('providerType')}
        disabled={locked}
        options={['public', 'private'].map((p) => ({ value: p, label: labels.provider(p) }))}
      />
      {mode === 'edit' && (
        <Checkbox
          id={fieldId('active')}
          label={t('admin:form.active')}
          checked={values.active}
          disabled={locked}
          onChange={(e) => setValues((v) => ({ ...v, active: e.target.checked }))}
        />
      )}
      {errors.get('active') && <p className="field__error">{errors.get('active')?.message}</p>}
      <TextArea {...text('description', { hint: t('admin:form.descriptionHint') })} maxLength={2000} />

      <h2>{t('admin:form.addressTitle')}</h2>
      <TextField {...text('street')} autoComplete="street-address" />
      <div className="row-fields">
        <TextField
          {...text('postalCode', { hint: t('admin:form.postalCodeHint') })}
          inputMode="numeric"
          autoComplete="postal-code"
        />
        <TextField {...text('city')} autoComplete="address-level2" />
      </div>
      <TextField {...text('municipality')} />
      <div className="row-fields">
        <TextField {...text('latitude', { hint: t('admin:form.latitudeHint') })} inputMode="decimal" />
        <TextField {...text('longitude', { hint: t('admin:form.longitudeHint') })} inputMode="decimal" />
      </div>

      <h2>{t('admin:form.contactTitle')}</h2>
      <TextField {...text('phone')} type="tel" autoComplete="tel" />
      <TextField {...text('email')} type="email" autoComplete="email" />
      <TextField {...text('website', { hint: t('admin:form.websiteHint') })} type="url" autoComplete="url" />

      <OpeningHoursFields
        hours={values.hours}
        onChange={(hours) => setValues((v) => ({ ...v, hours }))}
        errors={errors}
      />
      <ServicesFields
        services={values.services}
        onChange={(services) => setValues((v) => ({ ...v, services }))}
        errors={errors}
      />

      <div className="button-row">
        <Button type="submit" pending={pending} pendingLabel={t('common:saving')}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
