import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, codeText } from '../api/errors.js';

type Tone = 'info' | 'success' | 'warning' | 'error';

/**
 * A message box. `error` uses role=alert (announced at once); the others use
 * role=status (announced politely). Render it empty-less: mount it when the message appears.
 */
export function Alert({ tone = 'info', title, children }: { tone?: Tone; title?: string; children?: ReactNode }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert__title">{title}</p>}
      {children && <div className="alert__body">{children}</div>}
    </div>
  );
}

/** Plain-language text for any error thrown by the API client. */
export function useErrorMessage() {
  const { t } = useTranslation('common');
  return (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('errors.generic');
    if (error.status === 0) return t('errors.network');
    if (error.status === 401) return t('errors.notLoggedIn');
    if (error.status === 429) return t('errors.tooMany');
    // The server sends codes; the words are the web's own, in the reader's language.
    return codeText(error.code) ?? t('errors.generic');
  };
}

/** An error alert for a failed query or mutation, or nothing when there is no error. */
export function ErrorAlert({ error }: { error: unknown }) {
  const message = useErrorMessage();
  if (!error) return null;
  return <Alert tone="error">{message(error)}</Alert>;
}
