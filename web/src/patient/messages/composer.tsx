/**
 * Writing a message: the text, pictures (the phone's camera or files) and
 * PDFs, each uploaded at once with its progress shown in words, then "Skicka".
 * Errors are listed in a summary that links to the field; after a successful
 * send the text box is emptied and keeps focus, and a polite status says the
 * message was sent. The same `clientId` is reused until a send succeeds, so a
 * retry after a lost answer never sends the message twice (the caller may own
 * it, to keep it with a saved draft). Without a connection the person is told
 * so at once; a send that fails for want of network (or gets no answer) says
 * the message is not sent, keeps the text and offers "Försök skicka igen".
 */
import { MESSAGING_LIMITS, type MessageAttachment } from '@ingang/contracts';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, codeText, fieldText } from '../../api/errors.js';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/error-summary.js';
import { Button, ErrorAlert } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { formatBytes } from './format.js';
import { newClientId } from './messages-api.js';

export type Uploader = (
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
) => Promise<MessageAttachment>;

interface Pending {
  key: string;
  name: string;
  size: number;
  progress: number;
  attachment?: MessageAttachment;
  error?: string;
  controller: AbortController;
}

export interface ComposerSend {
  body: string;
  attachmentIds: string[];
  clientId: string;
}

export interface ComposerProps {
  /** Label of the text box. */
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  upload: Uploader;
  attachmentUrl: (attachmentId: string) => string;
  onSend: (input: ComposerSend) => Promise<unknown>;
  submitLabel: string;
  /** Announced (politely) after a successful send. */
  sentNotice: string;
  /** Extra controls above the text box (staff: answer or internal note, templates). */
  children?: ReactNode;
  /** Text box rows. */
  rows?: number;
  /** Hide the attachment buttons (e.g. while only a note is possible). */
  allowAttachments?: boolean;
  /** When false, the text may be empty if a file is attached. */
  requireBody?: boolean;
  disabled?: boolean;
  /** The caller's own fields' checks (run first); items link to the caller's field ids. */
  validate?: () => ErrorSummaryItem[];
  /** Server field name → the caller's field id, for 400s naming the caller's fields. */
  serverFields?: Record<string, string>;
  /** Every change of the error list, so the caller can show its fields' errors inline. */
  onErrors?: (items: ErrorSummaryItem[]) => void;
  /** The send's retry key when the caller keeps it (with a saved draft); else the composer's own. */
  clientId?: string;
  /** Shown beside the offline notice: where the unsent text is kept. */
  draftNotice?: string;
}

function subscribeOnline(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Whether the browser believes it has a network (false is certain; true is a hope). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** A send that never reached the server or got no answer: the message may be retried safely. */
function isNetworkFailure(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}

export function Composer({
  label,
  hint,
  value,
  onChange,
  upload,
  attachmentUrl,
  onSend,
  submitLabel,
  sentNotice,
  children,
  rows = 4,
  allowAttachments = true,
  requireBody = false,
  disabled = false,
  validate,
  serverFields = {},
  onErrors,
  clientId: ownedClientId,
  draftNotice,
}: ComposerProps) {
  const { t } = useTranslation(['messages', 'common']);
  const id = useId();
  const textId = `${id}-text`;
  const filesId = `${id}-files`;
  const cameraInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const [localClientId, setClientId] = useState(newClientId);
  const clientId = ownedClientId ?? localClientId;
  const online = useOnline();
  const [unsent, setUnsent] = useState(false);
  const [errors, setErrorList] = useState<ErrorSummaryItem[]>([]);
  const setErrors = (items: ErrorSummaryItem[]) => {
    setErrorList(items);
    onErrors?.(items);
  };
  const [serverError, setServerError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState('');
  const [attempt, setAttempt] = useState(0);

  // Abort uploads still running when the composer goes away.
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  useEffect(
    () => () => {
      for (const p of pendingRef.current) p.controller.abort();
    },
    [],
  );

  const update = (key: string, change: Partial<Pending>) =>
    setPending((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  function addFiles(files: FileList | null) {
    if (!files) return;
    setNotice('');
    const room = MESSAGING_LIMITS.attachmentsPerMessage - pending.length;
    const chosen = [...files].slice(0, Math.max(0, room));
    if (files.length > chosen.length) {
      setErrors([
        { fieldId: filesId, message: t('composer.tooManyFiles', { count: MESSAGING_LIMITS.attachmentsPerMessage }) },
      ]);
    }
    for (const file of chosen) {
      const entry: Pending = {
        key: newClientId(),
        name: file.name,
        size: file.size,
        progress: 0,
        controller: new AbortController(),
      };
      if (file.size > MESSAGING_LIMITS.attachmentMaxBytes) {
        entry.error = t('composer.fileTooBig', {
          name: file.name,
          max: formatBytes(MESSAGING_LIMITS.attachmentMaxBytes),
        });
        setPending((list) => [...list, entry]);
        continue;
      }
      setPending((list) => [...list, entry]);
      upload(file, (fraction) => update(entry.key, { progress: fraction }), entry.controller.signal).then(
        (attachment) => update(entry.key, { attachment, progress: 1 }),
        (error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return;
          const message =
            error instanceof ApiError && error.status > 0 && error.status < 500 && codeText(error.code)
              ? t('composer.uploadRefused', { name: file.name, reason: codeText(error.code) })
              : t('composer.uploadFailed', { name: file.name });
          update(entry.key, { error: message });
        },
      );
    }
  }

  function remove(key: string) {
    setPending((list) => {
      list.find((p) => p.key === key)?.controller.abort();
      return list.filter((p) => p.key !== key);
    });
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    setNotice('');
    setServerError(null);
    setUnsent(false);
    const found: ErrorSummaryItem[] = validate?.() ?? [];
    const body = value.trim();
    const ready = pending.filter((p) => p.attachment);
    if (requireBody && !body) found.push({ fieldId: textId, message: t('composer.bodyRequired') });
    else if (!body && ready.length === 0) found.push({ fieldId: textId, message: t('composer.empty') });
    if (body.length > MESSAGING_LIMITS.bodyMaxChars) {
      found.push({ fieldId: textId, message: t('composer.tooLong', { max: MESSAGING_LIMITS.bodyMaxChars }) });
    }
    if (pending.some((p) => !p.attachment && !p.error))
      found.push({ fieldId: filesId, message: t('composer.stillUploading') });
    if (pending.some((p) => p.error)) found.push({ fieldId: filesId, message: t('composer.removeFailed') });
    setErrors(found);
    setAttempt((n) => n + 1);
    if (found.length > 0) return;
    setSending(true);
    try {
      await onSend({ body, attachmentIds: ready.map((p) => p.attachment?.id ?? ''), clientId });
      onChange('');
      setPending([]);
      setClientId(newClientId());
      setNotice(sentNotice);
      document.getElementById(textId)?.focus();
    } catch (error) {
      if (isNetworkFailure(error)) {
        setUnsent(true);
        return;
      }
      const fields = error instanceof ApiError ? error.fields : {};
      // The server names the fields; the words are ours (fieldText).
      const word = (name: string) => (error instanceof ApiError ? fieldText(error, name) : '');
      const items: ErrorSummaryItem[] = [];
      if (fields.body) items.push({ fieldId: textId, message: word('body') });
      if (fields.attachmentIds) items.push({ fieldId: filesId, message: word('attachmentIds') });
      for (const [name, fieldId] of Object.entries(serverFields)) {
        if (fields[name]) items.push({ fieldId, message: word(name) });
      }
      if (items.length > 0) setErrors(items);
      else setServerError(error);
    } finally {
      setSending(false);
    }
  }

  const bodyError = errors.find((e) => e.fieldId === textId)?.message;
  const filesError = errors.find((e) => e.fieldId === filesId)?.message;

  return (
    <form className="composer" onSubmit={submit} noValidate>
      <ErrorSummary items={errors} level={3} focusKey={attempt} />
      <ErrorAlert error={serverError} />
      {children}
      <TextArea
        id={textId}
        label={label}
        hint={hint}
        error={bodyError}
        value={value}
        rows={rows}
        maxLength={MESSAGING_LIMITS.bodyMaxChars}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
      />
      {allowAttachments && (
        <fieldset
          className="composer__files"
          id={filesId}
          tabIndex={-1}
          aria-describedby={filesError ? `${filesId}-error` : undefined}
        >
          <legend>{t('composer.attachLegend')}</legend>
          <p className="field__hint">
            {t('composer.attachHint', { max: formatBytes(MESSAGING_LIMITS.attachmentMaxBytes) })}
          </p>
          {filesError && (
            <p className="field__error" id={`${filesId}-error`}>
              {filesError}
            </p>
          )}
          <div className="button-row">
            <Button variant="secondary" onClick={() => cameraInput.current?.click()} disabled={disabled}>
              {t('composer.takePicture')}
            </Button>
            <Button variant="secondary" onClick={() => fileInput.current?.click()} disabled={disabled}>
              {t('composer.chooseFile')}
            </Button>
          </div>
          <input
            ref={cameraInput}
            type="file"
            accept="image/*"
            capture="environment"
            hidden
            data-testid="composer-camera"
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
          />
          <input
            ref={fileInput}
            type="file"
            accept="image/*,application/pdf"
            multiple
            hidden
            data-testid="composer-file"
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
          />
          {pending.length > 0 && (
            <ul className="composer__pending list-plain" aria-label={t('composer.chosenFiles')}>
              {pending.map((p) => (
                <li key={p.key} className="composer__file" data-testid="composer-attachment">
                  {p.attachment?.kind === 'image' && (
                    <img
                      src={attachmentUrl(p.attachment.id)}
                      alt={t('attachment.pictureAlt', { name: p.name })}
                      className="composer__thumb"
                    />
                  )}
                  <div className="composer__file-text">
                    <p className="composer__file-name">
                      {p.name} <span className="muted">({formatBytes(p.size)})</span>
                    </p>
                    {p.error ? (
                      <p className="field__error">{p.error}</p>
                    ) : p.attachment ? (
                      <p className="composer__done">{t('composer.uploaded')}</p>
                    ) : (
                      <p>
                        <label>
                          {t('composer.uploading', { percent: Math.round(p.progress * 100) })}{' '}
                          <progress max={1} value={p.progress} />
                        </label>
                      </p>
                    )}
                  </div>
                  <Button
                    variant="link"
                    onClick={() => remove(p.key)}
                    aria-label={t('composer.removeFile', { name: p.name })}
                  >
                    {t('composer.remove')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
      {!online && !unsent && (
        <p className="alert alert--warning" data-testid="composer-offline">
          {t('composer.offline')} {draftNotice}
        </p>
      )}
      <div className="button-row">
        <Button type="submit" pending={sending} pendingLabel={t('composer.sending')} disabled={disabled}>
          {submitLabel}
        </Button>
      </div>
      <div role="status" className="composer__notice">
        {notice && <p className="alert alert--success">{notice}</p>}
      </div>
      <div role="alert" className="composer__notice">
        {unsent && (
          <div className="alert alert--warning" data-testid="composer-unsent">
            <p>
              <strong>{t('composer.notSent')}</strong>{' '}
              {online ? t('composer.notSentNoAnswer') : t('composer.notSentOffline')} {draftNotice}
            </p>
            <Button variant="secondary" onClick={() => void submit()} disabled={disabled || sending}>
              {t('composer.retry')}
            </Button>
          </div>
        )}
      </div>
    </form>
  );
}
