/** The sections of a unit's page: contact, opening hours, services, description — each with real data or a clear empty state. */
import type { Unit } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { capitalize, useLabels } from './format.js';

function ContactSection({ unit }: { unit: Unit }) {
  const { t } = useTranslation('staff');
  const labels = useLabels();
  const none = <span className="muted">{t('unit.none')}</span>;
  return (
    <section aria-labelledby="unit-contact">
      <h2 id="unit-contact">{t('unit.contactTitle')}</h2>
      <dl className="facts">
        <dt>{t('unit.address')}</dt>
        <dd>
          {unit.street}, {unit.postalCode} {unit.city}
        </dd>
        <dt>{t('unit.municipality')}</dt>
        <dd>{unit.municipality}</dd>
        <dt>{t('unit.phone')}</dt>
        <dd>{unit.phone ? <a href={`tel:${unit.phone.replace(/[^\d+]/g, '')}`}>{unit.phone}</a> : none}</dd>
        <dt>{t('unit.email')}</dt>
        <dd>{unit.email ? <a href={`mailto:${unit.email}`}>{unit.email}</a> : none}</dd>
        <dt>{t('unit.website')}</dt>
        <dd>{unit.website ? <a href={unit.website}>{unit.website}</a> : none}</dd>
        <dt>{t('unit.provider')}</dt>
        <dd>{labels.provider(unit.providerType)}</dd>
        <dt>{t('unit.hsaId')}</dt>
        <dd>{unit.hsaId}</dd>
      </dl>
    </section>
  );
}

function HoursSection({ hours }: { hours: Unit['openingHours'] }) {
  const { t } = useTranslation('staff');
  const labels = useLabels();
  return (
    <section aria-labelledby="unit-hours">
      <h2 id="unit-hours">{t('unit.hoursTitle')}</h2>
      {hours.length === 0 ? (
        <p className="muted">{t('unit.noHours')}</p>
      ) : (
        <dl className="hours">
          {[1, 2, 3, 4, 5, 6, 7].map((day) => {
            const today = hours.filter((h) => h.day === day).sort((a, b) => a.opens.localeCompare(b.opens));
            return (
              <div key={day} style={{ display: 'contents' }}>
                <dt>{capitalize(labels.weekday(day))}</dt>
                <dd>{today.length === 0 ? t('unit.closed') : today.map(labels.hours).join(', ')}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}

/** Contact, opening hours, services and description of a unit. */
export function UnitDetails({ unit }: { unit: Unit }) {
  const { t } = useTranslation('staff');
  return (
    <>
      <ContactSection unit={unit} />
      <HoursSection hours={unit.openingHours} />
      <section aria-labelledby="unit-services">
        <h2 id="unit-services">{t('unit.servicesTitle')}</h2>
        {unit.services.length === 0 ? (
          <p className="muted">{t('unit.noServices')}</p>
        ) : (
          <ul>
            {unit.services.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="unit-about">
        <h2 id="unit-about">{t('unit.aboutTitle')}</h2>
        {unit.description.trim() ? <p>{unit.description}</p> : <p className="muted">{t('unit.noDescription')}</p>}
      </section>
    </>
  );
}
