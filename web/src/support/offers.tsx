/**
 * Cases offered to me (issue 16): shown on every desk page with Accept / Decline. The offer is
 * announced politely by a live region that is always in the page (so screen readers hear it
 * arrive); the accept timeout applies, after which the offer moves on and I become unavailable.
 */
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button, ErrorAlert, VisuallyHidden } from '../ui/index.js';
import { deskApi, useAgentMe, useDeskMutation } from './desk-api.js';

export function Offers() {
  const { t } = useTranslation('support');
  const me = useAgentMe();
  const navigate = useNavigate();
  const accept = useDeskMutation((id: string) => deskApi.take(id));
  const decline = useDeskMutation((id: string) => deskApi.decline(id));
  const offers = me.data?.offers ?? [];
  const first = offers[0];
  // The configured accept timeout, in whole minutes when it is (the default 120 s: "2 minuter").
  const within = (s: number) =>
    s % 60 === 0 ? t('desk.offers.withinMinutes', { count: s / 60 }) : t('desk.offers.withinSeconds', { count: s });
  return (
    <div className="desk-offers">
      <p role="status" aria-live="polite" className={first ? 'desk-offers__announce' : 'visually-hidden'}>
        {first ? t('desk.offers.announce', { count: offers.length, subject: first.subject }) : ''}
      </p>
      {first && (
        <section aria-labelledby="desk-offers-title" className="alert alert--info">
          <h2 id="desk-offers-title">{t('desk.offers.title')}</h2>
          <p>{t('desk.offers.timeout', { within: within(me.data?.acceptTimeoutSeconds ?? 120) })}</p>
          <ul className="desk-offers__list">
            {offers.map((o) => (
              <li key={o.id}>
                <strong>{o.subject}</strong> ({o.reference}) · {t(`desk.channel.${o.channel}`)} ·{' '}
                {t('desk.minutes', { count: o.waitedMinutes })}{' '}
                <Button
                  onClick={() => accept.mutate(o.id, { onSuccess: () => navigate(`/support/arenden/${o.id}`) })}
                  pending={accept.isPending && accept.variables === o.id}
                >
                  {t('desk.offers.accept')}
                  <VisuallyHidden> {o.reference}</VisuallyHidden>
                </Button>{' '}
                <Button
                  variant="secondary"
                  onClick={() => decline.mutate(o.id)}
                  pending={decline.isPending && decline.variables === o.id}
                >
                  {t('desk.offers.decline')}
                  <VisuallyHidden> {o.reference}</VisuallyHidden>
                </Button>
              </li>
            ))}
          </ul>
          {(accept.error || decline.error) && <ErrorAlert error={accept.error ?? decline.error} />}
        </section>
      )}
    </div>
  );
}
