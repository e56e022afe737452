/**
 * /staff/patienter — "Sök patient": a personnummer, looked up for the active
 * unit. Found → the patient page; no care relationship → the explanation with
 * "Registrera vårdrelation" and "Nödåtkomst".
 */
import type { StaffMe } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './care.css';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { Button, ErrorAlert, TextField, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';
import { AccessRefused } from './access-refused.js';
import { isNoRelationship, useLookupPatient } from './patients-api.js';
import { looksLikePnr } from './personnummer.js';

export function PatientSearchPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation(['care', 'common']);
  usePageTitle(t('care:search.title'));
  const navigate = useNavigate();
  const lookup = useLookupPatient();
  const [value, setValue] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';

  const serverFieldError = lookup.error instanceof ApiError && 'personalNumber' in lookup.error.fields;
  const fieldError = localError ?? (serverFieldError ? t('care:search.invalid') : undefined);
  const generalError = serverFieldError || isNoRelationship(lookup.error) ? null : lookup.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    const pnr = value.trim();
    setRefused(null);
    if (!pnr || !looksLikePnr(pnr)) {
      setLocalError(pnr ? t('care:search.invalid') : t('care:search.required'));
      document.getElementById('patient-pnr')?.focus();
      return;
    }
    setLocalError(null);
    lookup.mutate(pnr, {
      onSuccess: (patient) => navigate(`/staff/patienter/${patient.personId}`),
      onError: (error) => {
        if (isNoRelationship(error)) setRefused(pnr);
      },
    });
  }

  return (
    <StaffLayout>
      <h1>{t('care:search.title')}</h1>
      <p>{t('care:search.lead', { unit: unitName })}</p>
      <form onSubmit={submit} noValidate className="care-search">
        <TextField
          id="patient-pnr"
          label={t('care:search.personalNumber')}
          hint={t('care:search.personalNumberHint')}
          error={fieldError}
          value={value}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setValue(e.target.value)}
        />
        <Button type="submit" pending={lookup.isPending} pendingLabel={t('care:search.searching')}>
          {t('care:search.submit')}
        </Button>
      </form>
      <p className="muted">{t('care:search.logged')}</p>
      <ErrorAlert error={generalError} />
      {refused && <AccessRefused key={refused} personalNumber={refused} unitName={unitName} />}
    </StaffLayout>
  );
}
