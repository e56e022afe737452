/**
 * /staff/erbjudanden/:id — one offer of the active unit: its target group,
 * status and numbers (reached, notified, booked, reserved places left), with
 * "Skicka erbjudandet" (draft → published) and "Stäng erbjudandet".
 */
import type { StaffOffer } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { FocusNotice } from '../invitations/focus-notice.js';
import { InvitationsNav } from '../invitations/invitations-nav.js';
import { StaffLayout } from '../staff-layout.js';
import { formatDate } from '../timebook/dates.js';
import { useOfferAction, useStaffOffer } from './offers-api.js';

/** "listade på enheten, 65 år eller äldre" — the target group in words. */
function useTargetText() {
  const { t } = useTranslation('offers');
  return (target: StaffOffer['target']) => {
    if (target.kind === 'list') return t('detail.targetList', { count: target.listSize ?? 0 });
    const parts: string[] = [];
    if (target.listedAtUnit) parts.push(t('detail.targetListed'));
    if (target.minAge !== null && target.maxAge !== null)
      parts.push(t('detail.targetAge', { min: target.minAge, max: target.maxAge }));
    else if (target.minAge !== null) parts.push(t('detail.targetMinAge', { min: target.minAge }));
    else if (target.maxAge !== null) parts.push(t('detail.targetMaxAge', { max: target.maxAge }));
    if (target.riskGroup)
      parts.push(
        t('detail.targetRisk', { group: t(`riskGroups.${target.riskGroup}`, { defaultValue: target.riskGroup }) }),
      );
    const text = parts.join(', ');
    return text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);
  };
}

export function OfferPage({ unitId, id }: { unitId: string; id: string }) {
  const { t, i18n } = useTranslation(['offers', 'common']);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const query = useStaffOffer(unitId, id);
  const action = useOfferAction(unitId, id);
  const targetText = useTargetText();
  const offer = query.data;
  usePageTitle(offer?.title ?? t('detail.loading'));

  return (
    <StaffLayout>
      <InvitationsNav />
      <p>
        <Link to="/staff/erbjudanden">{t('detail.back')}</Link>
      </p>
      {!offer ? (
        <>
          <h1>{t('staff.listTitle')}</h1>
          {query.error ? <ErrorAlert error={query.error} /> : <Spinner label={t('detail.loading')} />}
        </>
      ) : (
        <>
          <h1>{offer.title}</h1>
          {notice === 'created' && !action.data && offer.status === 'draft' && (
            <Alert tone="success">{t('detail.created')}</Alert>
          )}
          {action.data && action.variables === 'publish' && (
            <FocusNotice testId="offer-done" text={t('detail.published')} />
          )}
          {action.data && action.variables === 'close' && <FocusNotice testId="offer-done" text={t('detail.closed')} />}
          {offer.description && <p style={{ whiteSpace: 'pre-line' }}>{offer.description}</p>}
          <dl className="facts card">
            <dt>{t('detail.status')}</dt>
            <dd data-testid="offer-status" data-status={offer.status}>
              {t(`status.${offer.status}`)}
            </dd>
            <dt>{t('detail.timeType')}</dt>
            <dd>{i18n.language === 'en' ? offer.timeType.nameEn : offer.timeType.name}</dd>
            <dt>{t('detail.target')}</dt>
            <dd data-testid="offer-target">{targetText(offer.target)}</dd>
            <dt>{t('detail.validUntil')}</dt>
            <dd>{offer.validUntil ? formatDate(offer.validUntil, i18n.language, true) : t('detail.noEnd')}</dd>
          </dl>
          <section aria-labelledby="offer-stats">
            <h2 id="offer-stats">{t('detail.statsTitle')}</h2>
            <dl className="facts card" data-testid="offer-stats">
              <dt>{t('detail.reached')}</dt>
              <dd data-testid="stat-reached">{offer.stats.reached}</dd>
              <dt>{t('detail.notified')}</dt>
              <dd data-testid="stat-notified">{offer.stats.notified}</dd>
              <dt>{t('detail.booked')}</dt>
              <dd data-testid="stat-booked">{offer.stats.booked}</dd>
              <dt>{t('detail.reservedSlots')}</dt>
              <dd>{offer.stats.reservedSlots}</dd>
              <dt>{t('detail.reservedPlacesLeft')}</dt>
              <dd>{offer.stats.reservedPlacesLeft}</dd>
            </dl>
          </section>
          <ErrorAlert error={action.error} />
          {(offer.abilities.canPublish || offer.abilities.canClose) && (
            <div className="button-row">
              {offer.abilities.canPublish && (
                <Button
                  onClick={() => action.mutate('publish')}
                  pending={action.isPending && action.variables === 'publish'}
                  pendingLabel={t('detail.publishing')}
                >
                  {t('detail.publish')}
                </Button>
              )}
              {offer.abilities.canClose && (
                <Button
                  variant="secondary"
                  onClick={() => action.mutate('close')}
                  pending={action.isPending && action.variables === 'close'}
                  pendingLabel={t('detail.closing')}
                >
                  {t('detail.close')}
                </Button>
              )}
            </div>
          )}
        </>
      )}
    </StaffLayout>
  );
}
