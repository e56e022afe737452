/** /staff/erbjudanden — the active unit's offers: title, type, status, reached / notified / booked. */
import type { StaffMe } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../ui/data-table.js';
import { ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { InvitationsNav } from '../invitations/invitations-nav.js';
import { StaffLayout } from '../staff-layout.js';
import { canPublishTimes } from '../timebook/abilities.js';
import { useStaffOffers } from './offers-api.js';

export function OffersPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t, i18n } = useTranslation(['offers', 'common']);
  usePageTitle(t('staff.listTitle'));
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  const offers = useStaffOffers(unitId);
  return (
    <StaffLayout>
      <InvitationsNav />
      <h1>{t('staff.listTitle')}</h1>
      <p>{t('staff.listLead', { unit: unitName })}</p>
      {canPublishTimes(me, unitId) && (
        <p>
          <ButtonLink to="/staff/erbjudanden/nytt">{t('staff.newOffer')}</ButtonLink>
        </p>
      )}
      {offers.isPending && <Spinner label={t('staff.loading')} />}
      <ErrorAlert error={offers.error} />
      {offers.data &&
        (offers.data.length === 0 ? (
          <p className="muted">{t('staff.empty')}</p>
        ) : (
          <DataTable
            caption={t('staff.caption')}
            rows={offers.data}
            rowKey={(o) => o.id}
            columns={[
              {
                key: 'title',
                header: t('staff.titleCol'),
                render: (o) => <Link to={`/staff/erbjudanden/${o.id}`}>{o.title}</Link>,
              },
              {
                key: 'type',
                header: t('staff.typeCol'),
                render: (o) => (i18n.language === 'en' ? o.timeType.nameEn : o.timeType.name),
              },
              { key: 'status', header: t('staff.statusCol'), render: (o) => t(`status.${o.status}`) },
              { key: 'reached', header: t('staff.reached'), render: (o) => o.stats.reached },
              { key: 'notified', header: t('staff.notified'), render: (o) => o.stats.notified },
              { key: 'booked', header: t('staff.booked'), render: (o) => o.stats.booked },
            ]}
          />
        ))}
    </StaffLayout>
  );
}
