/**
 * The patient of a video meeting on /staff/video: picked by personnummer through
 * the same lookup as "Sök patient" — the server answers only for patients the
 * active unit has a care relationship with, and logs the lookup. A patient given
 * in the URL (`?patient=`) is shown by name from the (equally logged) overview.
 */
import { StaffPatientOverviewResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { Button, ErrorAlert, TextField } from '../../ui/index.js';
import { isNoRelationship, patientKey, useLookupPatient } from '../patients/patients-api.js';
import { formatPnr, looksLikePnr } from '../patients/personnummer.js';

export interface PickedPatient {
  personId: string;
  name: string;
  personalNumber: string;
}

const FIELD_ID = 'video-patient-pnr';

/** The name of a patient given by id (the overview, which refuses and logs like any other patient access). */
function usePatientFromUrl(personId: string | undefined) {
  return useQuery({
    queryKey: patientKey(personId ?? ''),
    enabled: Boolean(personId),
    queryFn: () =>
      api
        .get(`/api/staff/patients/${encodeURIComponent(personId ?? '')}`, { schema: StaffPatientOverviewResponse })
        .then((r) => r.data),
    retry: false,
  });
}

export function PatientPicker({
  initialPersonId,
  unitName,
  value,
  onChange,
  error,
}: {
  initialPersonId?: string;
  unitName: string;
  value: PickedPatient | null;
  onChange: (patient: PickedPatient | null) => void;
  /** An error from the form (e.g. "choose the patient"). */
  error?: string;
}) {
  const { t } = useTranslation(['video', 'care']);
  const lookup = useLookupPatient();
  const fromUrl = usePatientFromUrl(initialPersonId);
  const [pnr, setPnr] = useState('');
  const [localError, setLocalError] = useState<string>();

  useEffect(() => {
    const p = fromUrl.data;
    if (p) onChange({ personId: p.personId, name: p.name, personalNumber: p.personalNumber });
  }, [fromUrl.data, onChange]);

  const serverFieldError = lookup.error instanceof ApiError && 'personalNumber' in lookup.error.fields;
  const refused = isNoRelationship(lookup.error) || isNoRelationship(fromUrl.error);
  const fieldError =
    localError ??
    (serverFieldError ? t('care:search.invalid') : undefined) ??
    (refused ? t('video:startFor.refused', { unit: unitName }) : undefined) ??
    error;
  const otherError = serverFieldError || isNoRelationship(lookup.error) ? null : lookup.error;

  function pick() {
    const value = pnr.trim();
    if (!value || !looksLikePnr(value)) {
      setLocalError(value ? t('care:search.invalid') : t('care:search.required'));
      document.getElementById(FIELD_ID)?.focus();
      return;
    }
    setLocalError(undefined);
    lookup.mutate(value, {
      onSuccess: (p) => {
        onChange({ personId: p.personId, name: p.name, personalNumber: p.personalNumber });
        setPnr('');
      },
      onError: () => document.getElementById(FIELD_ID)?.focus(),
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter in the field picks the patient instead of submitting the meeting form.
    if (event.key === 'Enter') {
      event.preventDefault();
      pick();
    }
  }

  return (
    <fieldset className="video-patient">
      <legend>{t('video:startFor.patient')}</legend>
      {value ? (
        <p className="video-patient__picked">
          <span data-testid="video-picked-patient">
            {value.name}, {formatPnr(value.personalNumber)}
          </span>{' '}
          <Button
            variant="secondary"
            aria-label={t('video:startFor.changeAria', { name: value.name })}
            onClick={() => {
              onChange(null);
              lookup.reset();
              setTimeout(() => document.getElementById(FIELD_ID)?.focus());
            }}
          >
            {t('video:startFor.change')}
          </Button>
        </p>
      ) : (
        <>
          <TextField
            id={FIELD_ID}
            label={t('video:startFor.personalNumber')}
            hint={t('video:startFor.hint', { unit: unitName })}
            error={fieldError}
            value={pnr}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setPnr(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <Button
            variant="secondary"
            onClick={pick}
            pending={lookup.isPending}
            pendingLabel={t('care:search.searching')}
          >
            {t('video:startFor.pick')}
          </Button>
          <ErrorAlert error={otherError} />
        </>
      )}
    </fieldset>
  );
}
