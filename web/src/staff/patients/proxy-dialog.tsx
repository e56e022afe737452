/**
 * "Registrera ombud": staff register an ombud on the patient's behalf (for
 * people who cannot use BankID). The patient is the grantor; the form asks for
 * the ombud's personnummer, the scopes, the last valid day and a mandatory reason.
 */
import type { StaffPatientOverview } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from '../../api/errors.js';
import { formatCalendarDay, todayInStockholm } from '../../ui/datetime.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Button, Checkbox, Dialog, ErrorAlert, ProtectedMarker, TextField } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { useRegisterProxy } from './patients-api.js';
import { formatPnr } from './personnummer.js';

const SCOPES = ['booking', 'messages', 'video', 'invitations'] as const;
const FIELDS = ['ombudPersonalNumber', 'scopes', 'validUntil', 'reason', 'grantorPersonalNumber'] as const;
type Field = (typeof FIELDS)[number];
const fieldId = (field: Field) =>
  field === 'scopes'
    ? 'proxy-scope-booking'
    : field === 'grantorPersonalNumber'
      ? 'proxy-ombudPersonalNumber'
      : `proxy-${field}`;

/** Today's date on Stockholm's clock, `years` ahead, as YYYY-MM-DD. */
function stockholmDate(years = 0): string {
  const today = todayInStockholm();
  if (years === 0) return today;
  const [y, m, d] = today.split('-');
  return `${Number(y) + years}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}

export function ProxyDialog({
  patient,
  onClose,
  onSaved,
}: {
  patient: z.infer<typeof StaffPatientOverview>;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t, i18n } = useTranslation(['care', 'common']);
  const register = useRegisterProxy();
  const [ombud, setOmbud] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [validUntil, setValidUntil] = useState(stockholmDate(1));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Set<Field>>(new Set());

  const errors = new Set<Field>(local);
  const error = register.error;
  if (error instanceof ApiError) {
    for (const name of Object.keys(error.fields)) {
      const top = name.split('.')[0] as Field;
      if (FIELDS.includes(top)) errors.add(top);
    }
  }
  const message = (field: Field) => (errors.has(field) ? t(`care:proxy.errors.${field}`) : undefined);
  const summary = FIELDS.filter(
    (f) => errors.has(f) && !(f === 'grantorPersonalNumber' && errors.has('ombudPersonalNumber')),
  ).map((f) => ({
    fieldId: fieldId(f),
    message: t(`care:proxy.errors.${f}`),
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = new Set<Field>();
    if (!/^\d{6,8}[-+]?\d{4}$/.test(ombud.trim())) missing.add('ombudPersonalNumber');
    if (scopes.length === 0) missing.add('scopes');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validUntil)) missing.add('validUntil');
    const trimmed = reason.trim();
    if (trimmed.length < 5 || trimmed.length > 500) missing.add('reason');
    setLocal(missing);
    if (missing.size > 0) {
      register.reset();
      return;
    }
    register.mutate(
      {
        grantorPersonalNumber: patient.personalNumber,
        ombudPersonalNumber: ombud.trim(),
        scopes,
        validUntil,
        reason: trimmed,
      },
      {
        onSuccess: (grant) =>
          onSaved(
            t('care:proxy.saved', {
              ombud: grant.ombud.name,
              grantor: grant.grantor.name,
              date: formatCalendarDay(grant.validUntil, i18n.language),
            }),
          ),
      },
    );
  }

  return (
    <Dialog open title={t('care:proxy.dialogTitle', { name: patient.name })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorSummary title={t('care:proxy.errors.summary')} items={summary} level={3} focusKey={error ?? local} />
        {errors.size === 0 && <ErrorAlert error={error} />}
        <dl className="facts">
          <dt>{t('care:proxy.grantor')}</dt>
          <dd>
            {patient.name}, {formatPnr(patient.personalNumber)}
            <ProtectedMarker protectedIdentity={patient.protectedIdentity} />
          </dd>
        </dl>
        <TextField
          id="proxy-ombudPersonalNumber"
          label={t('care:proxy.ombud')}
          hint={t('care:proxy.ombudHint')}
          error={message('ombudPersonalNumber') ?? message('grantorPersonalNumber')}
          value={ombud}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setOmbud(e.target.value)}
        />
        <fieldset
          className={errors.has('scopes') ? 'field--invalid' : undefined}
          aria-describedby={errors.has('scopes') ? 'proxy-scopes-error' : undefined}
        >
          <legend>{t('care:proxy.scopes')}</legend>
          {errors.has('scopes') && (
            <p id="proxy-scopes-error" className="field__error">
              {message('scopes')}
            </p>
          )}
          {SCOPES.map((scope) => (
            <Checkbox
              key={scope}
              id={`proxy-scope-${scope}`}
              label={t(`care:proxy.scopeNames.${scope}`)}
              checked={scopes.includes(scope)}
              onChange={(e) => setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((x) => x !== scope)))}
            />
          ))}
        </fieldset>
        <TextField
          id="proxy-validUntil"
          type="date"
          label={t('care:proxy.validUntil')}
          hint={t('care:proxy.validUntilHint')}
          error={message('validUntil')}
          value={validUntil}
          min={stockholmDate()}
          onChange={(e) => setValidUntil(e.target.value)}
        />
        <TextArea
          id="proxy-reason"
          label={t('care:proxy.reason')}
          hint={t('care:proxy.reasonHint')}
          error={message('reason')}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="button-row">
          <Button type="submit" pending={register.isPending} pendingLabel={t('common:saving')}>
            {t('care:proxy.submit')}
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={register.isPending}>
            {t('common:cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
