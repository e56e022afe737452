/**
 * A photo answer ("rash with a photo"): a labelled file field that uploads at
 * once through messaging's upload route (the same limits and checks as a
 * message's attachment), shows its progress, then the picture with a button
 * to remove it. The answer is `{ attachmentId }`; the server holds the upload
 * for the triage. Errors (the upload's or the answer's) are tied to the field.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, codeText } from '../api/errors.js';
import { uploadCitizenAttachment } from '../patient/messages/messages-api.js';
import { Button } from '../ui/index.js';
import './photo.css';

export interface PhotoFieldProps {
  id: string;
  label: string;
  hint?: string;
  /** The answer's error (from the server or the form). */
  error?: string;
  /** The held photo's id ('' for none). */
  value: string;
  onChange(value: string): void;
  /** Whom the triage is for (a guardian's child); null for oneself. */
  subjectId: string | null;
  /** The url that shows the photo with this id. */
  photoUrl(id: string): string | null;
}

const ACCEPT = 'image/jpeg,image/png,image/heic,image/heif,.jpg,.jpeg,.png,.heic,.heif';

export function PhotoField({ id, label, hint, error, value, onChange, subjectId, photoUrl }: PhotoFieldProps) {
  const { t } = useTranslation('triage');
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | undefined>();
  const [preview, setPreview] = useState<string | null>(null);
  const shown = uploadError ?? error;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;
  const describedBy = [hintId, shown ? errorId : null, statusId].filter(Boolean).join(' ');

  async function choose(file: File | undefined) {
    if (!file) return;
    setUploadError(undefined);
    setProgress(0);
    try {
      const stored = await uploadCitizenAttachment(subjectId, file, setProgress);
      setPreview(URL.createObjectURL(file));
      onChange(stored.id);
    } catch (e) {
      setUploadError(
        e instanceof ApiError
          ? (codeText(e.code) ?? t('photo.failed'))
          : e instanceof DOMException
            ? undefined
            : t('photo.failed'),
      );
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  }

  const src = value ? (preview ?? photoUrl(value)) : null;
  return (
    <div className={['field', 'photo-field', shown ? 'field--invalid' : null].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <p id={hintId} className="field__hint">
        {hint ? `${hint} ` : ''}
        {t('photo.hint')}
      </p>
      {shown && (
        <p id={errorId} className="field__error">
          {shown}
        </p>
      )}
      <input
        ref={input}
        id={id}
        type="file"
        accept={ACCEPT}
        className="field__input photo-field__input"
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy}
        disabled={progress !== null}
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      <div id={statusId} aria-live="polite" className="photo-field__status">
        {progress !== null && (
          <>
            <label htmlFor={`${id}-progress`}>{t('photo.uploading')}</label>{' '}
            <progress id={`${id}-progress`} max={1} value={progress} />
          </>
        )}
        {progress === null && value && <p>{t('photo.attached')}</p>}
      </div>
      {value && progress === null && (
        <div className="photo-field__preview">
          {src && <img src={src} alt={t('photo.alt', { question: label })} />}
          <Button
            variant="secondary"
            onClick={() => {
              setPreview(null);
              onChange('');
              input.current?.focus();
            }}
          >
            {t('photo.remove')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** The photo id in a stored photo answer's url ('' when there is none). */
export function photoIdOf(answer: Record<string, unknown> | undefined): string {
  const url = (answer?.valueAttachment as { url?: string } | undefined)?.url;
  return url?.match(/\/photos\/([0-9a-f-]{36})$/)?.[1] ?? '';
}
