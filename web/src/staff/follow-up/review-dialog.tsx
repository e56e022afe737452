/** "Granska nödåtkomst": the access in one sentence, a mandatory note, and plain words for 409 and 403. */
import type { EmergencyAccessItem } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from '../../api/errors.js';
import { Alert, Button, Dialog, ErrorAlert } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { useLabels } from '../format.js';
import { useReviewEmergencyAccess } from './follow-up-api.js';

type Item = z.infer<typeof EmergencyAccessItem>;

export function ReviewDialog({
  unitId,
  item,
  onClose,
  onSaved,
}: {
  unitId: string;
  item: Item;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation(['care', 'common']);
  const labels = useLabels();
  const review = useReviewEmergencyAccess(unitId);
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState(false);

  const error = review.error;
  const known =
    error instanceof ApiError && error.code === 'already_reviewed'
      ? t('care:followUp.alreadyReviewed')
      : error instanceof ApiError && error.code === 'own_emergency_access'
        ? t('care:followUp.ownAccess')
        : null;
  const fieldError = invalid || (error instanceof ApiError && 'note' in error.fields);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!note.trim()) {
      setInvalid(true);
      document.getElementById('review-note')?.focus();
      return;
    }
    setInvalid(false);
    review.mutate(
      { id: item.id, note: note.trim() },
      { onSuccess: () => onSaved(t('care:followUp.saved', { patient: item.patient.name })) },
    );
  }

  return (
    <Dialog open title={t('care:followUp.dialogTitle')} onClose={onClose}>
      <p>
        {t('care:followUp.dialogText', {
          staff: item.staff.name,
          patient: item.patient.name,
          time: labels.dateTime(item.createdAt),
          reason: item.reason,
        })}
      </p>
      {known ? <Alert tone="error">{known}</Alert> : !fieldError && <ErrorAlert error={error} />}
      <form onSubmit={submit} noValidate>
        <TextArea
          id="review-note"
          label={t('care:followUp.note')}
          hint={t('care:followUp.noteHint')}
          error={fieldError ? t('care:followUp.noteRequired') : undefined}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
        />
        <div className="button-row">
          <Button type="submit" pending={review.isPending} pendingLabel={t('common:saving')} disabled={!!known}>
            {t('care:followUp.submit')}
          </Button>
          <Button variant="secondary" onClick={onClose} disabled={review.isPending}>
            {known ? t('common:close') : t('common:cancel')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
