/** "Sök vård": the way into triage, for oneself or a child one acts for. Emergency advice comes first. */
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, ErrorAlert, usePageTitle } from '../../ui/index.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';
import { CareContactSection } from './care-contact.js';
import { useStartTriage } from './triage-api.js';

export function TriageStartPage() {
  const { t } = useTranslation('triage');
  usePageTitle(t('start.title'));
  const { subject } = useActingFor();
  const start = useStartTriage();
  const navigate = useNavigate();
  const begin = () =>
    start.mutate(subject && !subject.self ? subject.personId : null, {
      onSuccess: (session) => navigate(`/sok-vard/${session.id}`),
    });
  return (
    <PatientLayout>
      <h1>{t('start.title')}</h1>
      <CareContactSection />
      <Alert tone="warning" title={t('start.emergencyTitle')}>
        <p>{t('start.emergency')}</p>
      </Alert>
      <p>{t('start.lead')}</p>
      <p className="muted">{t('start.demo')}</p>
      {subject && <p>{subject.self ? t('start.forSelf') : t('start.forOther', { name: subject.name })}</p>}
      <ErrorAlert error={start.error} />
      <Button id="triage-start" onClick={begin} pending={start.isPending} pendingLabel={t('start.starting')}>
        {t('start.begin')}
      </Button>
      <h2>{t('errand.title')}</h2>
      <p>{t('errand.startLead')}</p>
      <p>
        <Link to="/sok-vard/arenden">{t('errand.startLink')}</Link>
      </p>
    </PatientLayout>
  );
}
