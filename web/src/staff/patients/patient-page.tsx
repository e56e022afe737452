/**
 * /staff/patienter/:personId — the patient overview for the active unit:
 * identity, age, listing, contact details (never for a protected identity,
 * which gets a prominent warning instead), guardians and children, the unit's
 * relationship kinds, the emergency-access banner, and "Registrera ombud".
 */
import type { StaffMe, StaffPatientOverview } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './care.css';
import type { z } from 'zod';
import { ApiError } from '../../api/errors.js';
import { Alert, Button, ButtonLink, ErrorAlert, ProtectedMarker, Spinner, usePageTitle } from '../../ui/index.js';
import { useLabels } from '../format.js';
import { StaffLayout } from '../staff-layout.js';
import { StartVideoButton } from '../video/start-video-button.js';
import { isNoRelationship, usePatientOverview } from './patients-api.js';
import { formatPnr } from './personnummer.js';
import { ProxyDialog } from './proxy-dialog.js';

type Overview = z.infer<typeof StaffPatientOverview>;

function ContactSection({ patient }: { patient: Overview }) {
  const { t } = useTranslation('care');
  const { address, phone, email } = patient.contact;
  const missing = <span className="muted">{t('patient.missing')}</span>;
  const addressText = address
    ? [address.street, [address.postalCode, address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
    : '';
  return (
    <section aria-labelledby="patient-contact">
      <h2 id="patient-contact">{t('patient.contactTitle')}</h2>
      <dl className="facts">
        <dt>{t('patient.address')}</dt>
        <dd>{addressText || missing}</dd>
        <dt>{t('patient.phone')}</dt>
        <dd>{phone ? <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{phone}</a> : missing}</dd>
        <dt>{t('patient.email')}</dt>
        <dd>{email ? <a href={`mailto:${email}`}>{email}</a> : missing}</dd>
      </dl>
    </section>
  );
}

function Relatives({ people }: { people: Overview['guardians'] }) {
  const { t } = useTranslation('care');
  if (people.length === 0) return <span className="muted">{t('patient.none')}</span>;
  return (
    <ul className="list-plain">
      {people.map((p) => (
        <li key={p.name}>
          {p.name}
          <ProtectedMarker protectedIdentity={p.protectedIdentity} />
        </li>
      ))}
    </ul>
  );
}

function PatientView({ patient }: { patient: Overview }) {
  const { t } = useTranslation(['care', 'common']);
  const labels = useLabels();
  const [proxyOpen, setProxyOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const kind = (k: string) => t(`care:kinds.${k}`, { defaultValue: k });
  // The banner when emergency access is what lets the caller see the patient now.
  const onlyEmergency = patient.emergencyAccess && patient.relationships.every((k) => k === 'emergency');

  return (
    <>
      <h1>
        {patient.name}
        <ProtectedMarker protectedIdentity={patient.protectedIdentity} />
      </h1>
      {patient.protectedIdentity && (
        <Alert tone="warning" title={t('care:patient.protectedTitle')}>
          <p>{t('care:patient.protectedText')}</p>
        </Alert>
      )}
      {patient.emergencyAccess && onlyEmergency && (
        <Alert tone="warning" title={t('care:emergency.bannerTitle')}>
          <p>{t('care:emergency.banner')}</p>
          <p>{t('care:emergency.until', { time: labels.dateTime(patient.emergencyAccess.expiresAt) })}</p>
        </Alert>
      )}
      <section aria-labelledby="patient-overview">
        <h2 id="patient-overview">{t('care:patient.overviewTitle')}</h2>
        <dl className="facts">
          <dt>{t('care:patient.personalNumber')}</dt>
          <dd>{formatPnr(patient.personalNumber)}</dd>
          <dt>{t('care:patient.age')}</dt>
          <dd>{t('care:patient.ageValue', { count: patient.age })}</dd>
          <dt>{t('care:patient.listedUnit')}</dt>
          <dd>{patient.listedUnit?.name ?? <span className="muted">{t('care:patient.notListed')}</span>}</dd>
          <dt>{t('care:patient.relationships')}</dt>
          <dd>
            {patient.relationships.length > 0 ? (
              patient.relationships.map(kind).join(', ')
            ) : (
              <span className="muted">{t('care:patient.none')}</span>
            )}
          </dd>
        </dl>
      </section>
      {!patient.protectedIdentity && <ContactSection patient={patient} />}
      <section aria-labelledby="patient-family">
        <h2 id="patient-family">{t('care:patient.familyTitle')}</h2>
        <dl className="facts">
          <dt>{t('care:patient.guardians')}</dt>
          <dd>
            <Relatives people={patient.guardians} />
          </dd>
          <dt>{t('care:patient.children')}</dt>
          <dd>
            <Relatives people={patient.children} />
          </dd>
        </dl>
      </section>
      {patient.registeredRelationships.length > 0 && (
        <section aria-labelledby="patient-registered">
          <h2 id="patient-registered">{t('care:patient.registeredTitle')}</h2>
          <ul>
            {patient.registeredRelationships.map((r) => (
              <li key={r.id}>
                {t('care:patient.registeredBy', {
                  name: r.registeredBy.name,
                  time: labels.dateTime(r.createdAt),
                  reason: r.reason,
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="patient-proxy">
        <h2 id="patient-proxy">{t('care:proxy.title')}</h2>
        <div role="status">{notice && <p className="alert alert--success">{notice}</p>}</div>
        <p>{t('care:proxy.lead')}</p>
        <Button
          variant="secondary"
          onClick={() => {
            setNotice(null);
            setProxyOpen(true);
          }}
        >
          {t('care:proxy.open')}
        </Button>
      </section>
      {proxyOpen && (
        <ProxyDialog
          patient={patient}
          onClose={() => setProxyOpen(false)}
          onSaved={(message) => {
            setProxyOpen(false);
            setNotice(message);
          }}
        />
      )}
      <StartVideoButton patientId={patient.personId} patientName={patient.name} />
      <p>
        <ButtonLink variant="secondary" to={`/staff/patienter/${patient.personId}/triage`}>
          {t('triage:staff.title')}
        </ButtonLink>
      </p>
      <p>
        <ButtonLink variant="link" to="/staff/patienter">
          {t('care:patient.backToSearch')}
        </ButtonLink>
      </p>
      <p className="muted">{t('care:search.logged')}</p>
    </>
  );
}

export function PatientPage({ me, unitId, personId }: { me: StaffMe; unitId: string; personId: string }) {
  const { t } = useTranslation(['care', 'common']);
  const query = usePatientOverview(personId);
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  usePageTitle(query.data?.name ?? t('care:search.title'));

  if (!query.data) {
    const error = query.error;
    return (
      <StaffLayout>
        <h1>{t('care:search.title')}</h1>
        {!error ? (
          <Spinner label={t('care:patient.loading')} />
        ) : isNoRelationship(error) ? (
          <Alert tone="warning">{t('care:patient.refused', { unit: unitName })}</Alert>
        ) : error instanceof ApiError && (error.status === 404 || error.status === 400) ? (
          <Alert tone="warning">{t('care:patient.notFound')}</Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
        <p>
          <ButtonLink to="/staff/patienter">{t('care:patient.backToSearch')}</ButtonLink>
        </p>
      </StaffLayout>
    );
  }
  return (
    <StaffLayout>
      <PatientView patient={query.data} />
    </StaffLayout>
  );
}
