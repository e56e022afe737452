/** A 403 from the acting-for gate in plain words (the reason code picks the text); other errors as usual. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors.js';
import { Alert, ErrorAlert } from '../../ui/index.js';

const REASONS = [
  'not_guardian',
  'child_too_old',
  'protected_identity',
  'no_grant',
  'grant_expired',
  'scope_not_granted',
] as const;
type Reason = (typeof REASONS)[number];

/** The acting-for refusal reason of an error, or null when it is another error. */
export function refusalReason(error: unknown): Reason | null {
  if (!(error instanceof ApiError) || error.status !== 403) return null;
  return (REASONS as readonly string[]).includes(error.code) ? (error.code as Reason) : null;
}

export function RefusalAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation('protection');
  const reason = refusalReason(error);
  if (!reason) return <ErrorAlert error={error} />;
  return (
    <Alert tone="error" title={title}>
      <p data-testid="refusal" data-reason={reason}>
        {t(`refusal.${reason}`)}
      </p>
    </Alert>
  );
}
