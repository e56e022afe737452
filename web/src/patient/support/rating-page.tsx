/**
 * The rating link mailed after an e-mail or public-form case is closed (`/kontakt/betyg?t=…`):
 * no login; one optional question. An expired, used or broken link gets a plain explanation.
 */
import '../../support/support.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { Alert, Button, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { useRateByLink, useRatingLink } from './api.js';

/** Why a link cannot be used, in plain words (the server's code), or null for other errors. */
function refusal(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  return ['invalid_token', 'token_expired', 'token_used'].includes(error.code) ? error.code : null;
}

export function RatingLinkPage() {
  const { t } = useTranslation(['support', 'common']);
  usePageTitle(t('support:rating.title'));
  const [params] = useSearchParams();
  const token = params.get('t') ?? '';
  const link = useRatingLink(token);
  const rate = useRateByLink();
  const [rating, setRating] = useState('5');
  const [comment, setComment] = useState('');
  const refused = refusal(link.error) ?? refusal(rate.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rate.mutate({ token, rating: Number(rating), ...(comment.trim() ? { comment } : {}) });
  };
  return (
    <PatientLayout>
      <h1>{t('support:rating.title')}</h1>
      {!token || refused ? (
        <Alert tone="warning">{t(`support:rating.${refused ?? 'invalid_token'}`)}</Alert>
      ) : link.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : link.error ? (
        <ErrorAlert error={link.error} />
      ) : rate.isSuccess ? (
        <Alert tone="success">{t('support:rating.thanks')}</Alert>
      ) : (
        <form onSubmit={submit} className="stack">
          <p>{t('support:rating.lead', { reference: link.data.reference, subject: link.data.subject })}</p>
          <Select
            label={t('support:chat.rate')}
            hint={t('support:chat.rateHint')}
            value={rating}
            onChange={(e) => setRating(e.target.value)}
            options={['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }))}
          />
          <TextField label={t('support:chat.comment')} value={comment} onChange={(e) => setComment(e.target.value)} />
          {rate.error && <ErrorAlert error={rate.error} />}
          <Button type="submit" pending={rate.isPending}>
            {t('support:chat.sendRating')}
          </Button>
        </form>
      )}
    </PatientLayout>
  );
}
