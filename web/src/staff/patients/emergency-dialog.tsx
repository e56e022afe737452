/**
 * "Nödåtkomst": a dialog that says plainly that the access is logged and
 * followed up, asks for a mandatory reason, and opens the patient page.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { Alert, Button, Dialog, ErrorAlert } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { useEmergencyAccess } from './patients-api.js';
import { REASON_MAX, reasonOk } from './reason.js';

export function EmergencyDialog({ personalNumber, onClose }: { personalNumber: string; onClose: () => void }) {
  const { t } = useTranslation(['care', 'common']);
  const navigate = useNavigate();
  const emergency = useEmergencyAccess();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);

  const serverFieldError = emergency.error instanceof ApiError && 'reason' in emergency.error.fields;
  const reasonError = invalid || serverFieldError ? t('care:refused.reasonInvalid') : undefined;
  const notFound = emergency.error instanceof ApiError && emergency.error.status === 404;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reasonOk(reason)) {
      setInvalid(true);
      document.getElementById('emergency-reason')?.focus();
      return;
    }
    setInvalid(false);
    emergency.mutate(
      { personalNumber, reason: reason.trim() },
      { onSuccess: (grant) => navigate(`/staff/patienter/${grant.personId}`) },
    );
  }

  return (
    <Dialog open title={t('care:emergency.dialogTitle')} onClose={onClose}>
      <Alert tone="warning" title={t('care:emergency.warningTitle')}>
        <p>{t('care:emergency.warning')}</p>
      </Alert>
      {notFound ? (
        <Alert tone="error">{t('care:refused.notFound')}</Alert>
      ) : (
        !serverFieldError && <ErrorAlert error={emergency.error} />
      )}
      <form onSubmit={submit} noValidate>
        <TextArea
          id="emergency-reason"
          label={t('care:refused.reason')}
          hint={t('care:refused.reasonHint')}
          error={reasonError}
          value={reason}
          maxLength={REASON_MAX}
          required
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="button-row">
          <Button
            type="submit"
            variant="danger"
            pending={emergency.isPending}
            pendingLabel={t('care:emergency.submitting')}
          >
            {t('care:emergency.submit')}
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={emergency.isPending}>
            {t('common:cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
