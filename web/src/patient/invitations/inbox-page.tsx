/**
 * "Kallelser och erbjudanden" (/kallelser): the invitations to answer, the
 * answered ones, and the offers — for the citizen and everyone they act for.
 */
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { OfferCard } from '../offers/offer-card.js';
import { useOffers } from '../offers/offers-api.js';
import { PatientLayout } from '../patient-layout.js';
import { InvitationCard } from './invitation-card.js';
import { useInvitations } from './invitations-api.js';

export function InboxPage() {
  const { t } = useTranslation(['invitations', 'offers']);
  usePageTitle(t('inbox.title'));
  const invitations = useInvitations();
  const offers = useOffers();
  const all = invitations.data ?? [];
  const toAnswer = all.filter((i) => i.status === 'proposed');
  const others = all.filter((i) => i.status !== 'proposed');

  return (
    <PatientLayout>
      <h1>{t('inbox.title')}</h1>
      <p>{t('inbox.lead')}</p>
      <section aria-labelledby="inbox-invitations" data-testid="inbox-invitations">
        <h2 id="inbox-invitations">{t('inbox.invitationsTitle')}</h2>
        {invitations.isPending && <Spinner label={t('inbox.loading')} />}
        <ErrorAlert error={invitations.error} />
        {invitations.data &&
          (all.length === 0 ? (
            <p data-testid="invitations-empty">{t('inbox.noInvitations')}</p>
          ) : (
            <>
              <h3>{t('inbox.toAnswer')}</h3>
              {toAnswer.length === 0 ? (
                <p>{t('inbox.noneToAnswer')}</p>
              ) : (
                <ul className="list-plain" data-testid="invitations-open">
                  {toAnswer.map((i) => (
                    <li key={i.id}>
                      <InvitationCard invitation={i} />
                    </li>
                  ))}
                </ul>
              )}
              {others.length > 0 && (
                <>
                  <h3>{t('inbox.answered')}</h3>
                  <ul className="list-plain" data-testid="invitations-answered">
                    {others.map((i) => (
                      <li key={i.id}>
                        <InvitationCard invitation={i} />
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          ))}
      </section>
      <section aria-labelledby="inbox-offers" data-testid="inbox-offers">
        <h2 id="inbox-offers">{t('inbox.offersTitle')}</h2>
        {offers.isPending && <Spinner label={t('inbox.loadingOffers')} />}
        <ErrorAlert error={offers.error} />
        {offers.data &&
          (offers.data.length === 0 ? (
            <p data-testid="offers-empty">{t('inbox.noOffers')}</p>
          ) : (
            <ul className="list-plain">
              {offers.data.map((o) => (
                <li key={`${o.id}/${o.patient.personId}`}>
                  <OfferCard offer={o} />
                </li>
              ))}
            </ul>
          ))}
      </section>
    </PatientLayout>
  );
}
