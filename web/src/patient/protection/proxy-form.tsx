/**
 * "Ge någon fullmakt att vara ditt ombud": personnummer, what the ombud may do
 * and the last day. Checked here first (required fields), then by the server;
 * every error is shown at its field and listed in an error summary.
 */
import type { ProxyScope } from '@ingang/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, codeText, hasFieldErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, Checkbox, ErrorAlert, TextField } from '../../ui/index.js';
import { stockholmToday } from './format.js';
import { useCreateProxy } from './use-proxies.js';

const SCOPES: ProxyScope[] = ['booking', 'messages', 'video', 'invitations'];
type FieldName = 'ombudPersonalNumber' | 'scopes' | 'validUntil';
type Errors = Partial<Record<FieldName, string>>;

export function ProxyForm() {
  const { t } = useTranslation('protection');
  const id = useId();
  const ids: Record<FieldName, string> = {
    ombudPersonalNumber: `${id}-pnr`,
    scopes: `${id}-scope-booking`,
    validUntil: `${id}-until`,
  };
  const create = useCreateProxy();
  const [personalNumber, setPersonalNumber] = useState('');
  const [scopes, setScopes] = useState<ProxyScope[]>([]);
  const [validUntil, setValidUntil] = useState('');
  const [local, setLocal] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);

  const errors: Errors = { ...serverErrors(create.error, t), ...local };
  const summary = (Object.keys(ids) as FieldName[])
    .filter((f) => errors[f])
    .map((f) => ({ fieldId: ids[f], message: errors[f] ?? '' }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    const digits = personalNumber.replace(/\D/g, '');
    if (!digits) found.ombudPersonalNumber = t('proxies.form.errors.personalNumberRequired');
    else if (digits.length !== 12 && digits.length !== 10)
      found.ombudPersonalNumber = t('proxies.form.errors.personalNumberInvalid');
    if (scopes.length === 0) found.scopes = t('proxies.form.errors.scopesRequired');
    if (!validUntil) found.validUntil = t('proxies.form.errors.validUntilRequired');
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(validUntil)) found.validUntil = t('proxies.form.errors.validUntilInvalid');
    setLocal(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) {
      create.reset();
      return;
    }
    create.mutate(
      { ombudPersonalNumber: personalNumber.trim(), scopes, validUntil },
      {
        onSuccess: () => {
          setPersonalNumber('');
          setScopes([]);
          setValidUntil('');
        },
      },
    );
  }

  const toggle = (scope: ProxyScope) => (event: { target: { checked: boolean } }) =>
    setScopes((list) => (event.target.checked ? [...list, scope] : list.filter((s) => s !== scope)));

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('proxies.form.title')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorSummary level={3} items={summary} focusKey={`${attempt}:${String(create.error)}`} />
        {create.error && !hasFieldErrors(create.error) && <ErrorAlert error={create.error} />}
        {create.isSuccess && (
          <Alert tone="success">{t('proxies.form.created', { name: create.data.ombud.name })}</Alert>
        )}
        <TextField
          id={ids.ombudPersonalNumber}
          label={t('proxies.form.personalNumber')}
          hint={t('proxies.form.personalNumberHint')}
          inputMode="numeric"
          autoComplete="off"
          value={personalNumber}
          onChange={(e) => setPersonalNumber(e.target.value)}
          error={errors.ombudPersonalNumber}
        />
        <fieldset aria-describedby={errors.scopes ? `${id}-scopes-error` : undefined}>
          <legend>{t('proxies.form.scopesLegend')}</legend>
          {errors.scopes && (
            <p id={`${id}-scopes-error`} className="field__error">
              {errors.scopes}
            </p>
          )}
          {SCOPES.map((scope) => (
            <Checkbox
              key={scope}
              id={`${id}-scope-${scope}`}
              label={t(`scopes.${scope}`)}
              checked={scopes.includes(scope)}
              onChange={toggle(scope)}
            />
          ))}
        </fieldset>
        <TextField
          id={ids.validUntil}
          type="date"
          label={t('proxies.form.validUntil')}
          hint={t('proxies.form.validUntilHint')}
          min={stockholmToday()}
          value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
          error={errors.validUntil}
        />
        <Button type="submit" pending={create.isPending} pendingLabel={t('proxies.form.submitting')}>
          {t('proxies.form.submit')}
        </Button>
      </form>
    </section>
  );
}

/**
 * Field errors from the server. Its field texts are codes or English, so a
 * plain Swedish text is chosen here: the server's own message when the error
 * has a specific code, otherwise the field's general text.
 */
function serverErrors(error: unknown, t: (key: string) => string): Errors {
  if (!(error instanceof ApiError)) return {};
  const generic: Record<FieldName, string> = {
    ombudPersonalNumber: t('proxies.form.errors.personalNumberInvalid'),
    scopes: t('proxies.form.errors.scopesRequired'),
    validUntil: t('proxies.form.errors.validUntilInvalid'),
  };
  const out: Errors = {};
  for (const field of Object.keys(generic) as FieldName[]) {
    const key = Object.keys(error.fields).find((k) => k === field || k.startsWith(`${field}.`));
    if (!key) continue;
    out[field] =
      codeText(error.code) && error.code !== 'invalid_input' ? (codeText(error.code) as string) : generic[field];
  }
  return out;
}
