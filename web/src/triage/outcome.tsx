/**
 * What the person is told to do: emergency advice first (112, 1177), then
 * the route with the unit the routing chose. Shared by the patient's result
 * page and the nurse's phone triage, so both read the same words.
 */
import type { TriageDecision } from '@ingang/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { Alert, ButtonLink } from '../ui/index.js';

type Decision = z.infer<typeof TriageDecision>;

export function OutcomeSummary({
  decision,
  audience,
  dropIn,
}: {
  decision: Decision;
  audience: 'patient' | 'staff';
  /** The patient's drop-in queue panel (join, place, turn); without it the unit is written to instead. */
  dropIn?: ReactNode;
}) {
  const { t } = useTranslation('triage');
  const unit = decision.unit?.name ?? '';
  const facts = (
    <dl className="triage-facts">
      <dt>{t('outcome.urgency')}</dt>
      <dd>{t(`urgency.${decision.urgency}`)}</dd>
      <dt>{t('outcome.visitForm')}</dt>
      <dd>{t(`visitForm.${decision.visitForm}`)}</dd>
      <dt>{t('outcome.profession')}</dt>
      <dd>{t(`profession.${decision.profession}`, { defaultValue: decision.profession })}</dd>
      {decision.unit && (
        <>
          <dt>{t('outcome.unit')}</dt>
          <dd>{unit}</dd>
        </>
      )}
    </dl>
  );
  switch (decision.route) {
    case 'call_112':
      return (
        <>
          <Alert tone="error" title={t('outcome.call112.title')}>
            <p>{t('outcome.call112.body')}</p>
            {audience === 'patient' && (
              <p>
                <a className="button button--danger" href="tel:112">
                  {t('outcome.call112.action')}
                </a>
              </p>
            )}
          </Alert>
          {facts}
        </>
      );
    case 'call_1177':
      return (
        <>
          <Alert tone="warning" title={t('outcome.call1177.title')}>
            <p>{t(decision.requestedRoute ? 'outcome.call1177.closed' : 'outcome.call1177.body')}</p>
            {audience === 'patient' && (
              <p>
                <a className="button button--primary" href="tel:1177">
                  {t('outcome.call1177.action')}
                </a>
              </p>
            )}
          </Alert>
          {facts}
        </>
      );
    case 'self_care':
      return (
        <>
          <h2>{t('outcome.selfCare.title')}</h2>
          <p>{t(`articles.${decision.articleId}`, { defaultValue: t('outcome.selfCare.body') })}</p>
          <p className="muted">{t('outcome.selfCare.worse')}</p>
          {facts}
        </>
      );
    case 'message_unit':
      return (
        <>
          <h2>{t('outcome.message.title', { unit })}</h2>
          <p>{t('outcome.message.body', { unit })}</p>
          {audience === 'patient' && <ButtonLink to="/meddelanden/ny">{t('outcome.message.action')}</ButtonLink>}
          {facts}
        </>
      );
    case 'drop_in_video':
      return (
        <>
          <h2>{t('outcome.dropIn.title', { unit })}</h2>
          {dropIn ?? (
            <>
              <p>{t('outcome.dropIn.body', { unit })}</p>
              {audience === 'patient' && <ButtonLink to="/meddelanden/ny">{t('outcome.dropIn.action')}</ButtonLink>}
            </>
          )}
          {facts}
        </>
      );
    case 'book_time':
      return (
        <>
          <h2>{t('outcome.book.title')}</h2>
          <p>{t('outcome.book.body', { unit })}</p>
          {audience === 'patient' && (
            <ButtonLink to={`/boka?typ=${encodeURIComponent(decision.bookingType ?? '')}`}>
              {t('outcome.book.action')}
            </ButtonLink>
          )}
          {facts}
        </>
      );
  }
}
