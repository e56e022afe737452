/**
 * What staff see when the unit has no care relationship with the patient: a
 * plain explanation and the two ways forward — register a care relationship
 * (with a reason) or take emergency access (a dialog with a warning).
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { Alert, Button, ErrorAlert } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { EmergencyDialog } from './emergency-dialog.js';
import { useRegisterRelationship } from './patients-api.js';
import { formatPnr } from './personnummer.js';
import { REASON_MAX, reasonOk } from './reason.js';

export function AccessRefused({ personalNumber, unitName }: { personalNumber: string; unitName: string }) {
  const { t } = useTranslation(['care', 'common']);
  const navigate = useNavigate();
  const register = useRegisterRelationship();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [emergencyOpen, setEmergencyOpen] = useState(false);

  const serverFieldError = register.error instanceof ApiError && 'reason' in register.error.fields;
  const notFound = register.error instanceof ApiError && register.error.status === 404;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reasonOk(reason)) {
      setInvalid(true);
      document.getElementById('relationship-reason')?.focus();
      return;
    }
    setInvalid(false);
    register.mutate(
      { personalNumber, reason: reason.trim() },
      { onSuccess: (relationship) => navigate(`/staff/patienter/${relationship.personId}`) },
    );
  }

  return (
    <section aria-labelledby="refused-title" className="care-refused">
      <h2 id="refused-title">{t('care:refused.title')}</h2>
      <Alert tone="warning">
        <p>{t('care:refused.text', { unit: unitName, personalNumber: formatPnr(personalNumber) })}</p>
      </Alert>
      <p>{t('care:refused.choose')}</p>
      <div className="care-actions">
        <form onSubmit={submit} noValidate aria-labelledby="relationship-title" className="card">
          <h3 id="relationship-title">{t('care:refused.relationshipTitle')}</h3>
          <p>{t('care:refused.relationshipText')}</p>
          {notFound ? (
            <Alert tone="error">{t('care:refused.notFound')}</Alert>
          ) : (
            !serverFieldError && <ErrorAlert error={register.error} />
          )}
          <TextArea
            id="relationship-reason"
            label={t('care:refused.reason')}
            hint={t('care:refused.reasonHint')}
            error={invalid || serverFieldError ? t('care:refused.reasonInvalid') : undefined}
            value={reason}
            maxLength={REASON_MAX}
            required
            onChange={(e) => setReason(e.target.value)}
          />
          <Button type="submit" pending={register.isPending} pendingLabel={t('common:saving')}>
            {t('care:refused.relationshipSubmit')}
          </Button>
        </form>
        <div className="card">
          <h3>{t('care:refused.emergencyTitle')}</h3>
          <p>{t('care:refused.emergencyText')}</p>
          <Button variant="danger" onClick={() => setEmergencyOpen(true)}>
            {t('care:refused.emergencyOpen')}
          </Button>
        </div>
      </div>
      {emergencyOpen && <EmergencyDialog personalNumber={personalNumber} onClose={() => setEmergencyOpen(false)} />}
    </section>
  );
}
