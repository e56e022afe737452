/** The two questions before an answer that gives the time back: "Tacka nej" and "Be om en annan tid". */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, ErrorAlert } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';

export interface AnswerDialogProps {
  kind: 'decline' | 'other' | null;
  pending: boolean;
  error: unknown;
  onClose: () => void;
  /** The optional text (reason or wish), trimmed; undefined when empty. */
  onSubmit: (text: string | undefined) => void;
}

export function AnswerDialog({ kind, pending, error, onClose, onSubmit }: AnswerDialogProps) {
  const { t } = useTranslation('invitations');
  const [text, setText] = useState('');
  const ns = kind === 'other' ? 'otherDialog' : 'declineDialog';
  return (
    <Dialog open={kind !== null} title={t(`${ns}.title`)} onClose={onClose}>
      {kind && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(text.trim() || undefined);
          }}
        >
          <p>{t(`${ns}.text`)}</p>
          <TextArea
            id={`answer-${kind}-text`}
            label={kind === 'other' ? t('otherDialog.message') : t('declineDialog.reason')}
            hint={kind === 'other' ? t('otherDialog.messageHint') : t('declineDialog.reasonHint')}
            maxLength={500}
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <ErrorAlert error={error} />
          <div className="button-row">
            <Button
              type="submit"
              variant={kind === 'decline' ? 'danger' : 'primary'}
              pending={pending}
              pendingLabel={kind === 'other' ? t('otherDialog.sending') : t('declineDialog.declining')}
            >
              {kind === 'other' ? t('otherDialog.confirm') : t('declineDialog.confirm')}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              {kind === 'other' ? t('otherDialog.keep') : t('declineDialog.keep')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
