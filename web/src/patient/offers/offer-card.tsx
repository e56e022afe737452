/** One offer in "Kallelser och erbjudanden": title, for whom, where, until when, and "Boka". */
import type { CitizenOffer } from '@ingang/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../ui/index.js';
import { formatDayHeading } from '../booking/format.js';

/** The offer page's URL for one patient (the list has one entry per offer and patient). */
export function offerPath(offer: Pick<CitizenOffer, 'id' | 'patient'>): string {
  return `/erbjudanden/${offer.id}?for=${encodeURIComponent(offer.patient.personId)}`;
}

export function OfferCard({ offer }: { offer: CitizenOffer }) {
  const { t, i18n } = useTranslation('offers');
  const id = useId();
  const what = i18n.language.startsWith('en') ? offer.timeType.nameEn : offer.timeType.name;
  return (
    <article className="card" aria-labelledby={`${id}-title`} data-testid="offer" data-offer-id={offer.id}>
      <h3 id={`${id}-title`}>{offer.title}</h3>
      {offer.description && <p>{offer.description}</p>}
      <dl className="facts">
        <dt>{t('citizen.forWho')}</dt>
        <dd>{offer.patient.name}</dd>
        <dt>{t('citizen.what')}</dt>
        <dd>{what}</dd>
        <dt>{t('citizen.where')}</dt>
        <dd>
          {offer.unit.name}
          <br />
          {offer.unit.address}
        </dd>
        {offer.validUntil && (
          <>
            <dt>{t('citizen.validUntil')}</dt>
            <dd>{formatDayHeading(offer.validUntil, i18n.language)}</dd>
          </>
        )}
      </dl>
      {offer.bookingId ? (
        <p data-testid="offer-booked">
          <strong>{t('citizen.alreadyBooked')}</strong>
        </p>
      ) : null}
      <div className="button-row">
        {offer.abilities.canBook ? (
          <ButtonLink
            to={offerPath(offer)}
            aria-label={t('citizen.bookAria', { title: offer.title, who: offer.patient.name })}
          >
            {t('citizen.book')}
          </ButtonLink>
        ) : (
          <ButtonLink variant="secondary" to="/bokningar">
            {t('citizen.toBookings')}
          </ButtonLink>
        )}
      </div>
    </article>
  );
}
