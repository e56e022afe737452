/**
 * "Elsas sida" (/for/:personId): whom the citizen may act for, what they may
 * do and until when. A refusal (e.g. the child turned 13) is explained in
 * plain words from the 403's reason code.
 */
import { SubjectPageResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { Alert, Button, ButtonLink, Spinner, usePageTitle } from '../../ui/index.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';
import { lastDayBefore, possessive } from './format.js';
import { RefusalAlert } from './refusal-alert.js';

/** Where the subject page of a person lives. */
export const subjectPath = (personId: string) => `/for/${personId}`;

export function SubjectPage() {
  const { t, i18n } = useTranslation(['protection', 'common']);
  const { personId = '' } = useParams();
  const navigate = useNavigate();
  const { subject: actingAs, options, actFor } = useActingFor();
  const query = useQuery({
    queryKey: ['subject', personId],
    queryFn: () =>
      api.get(`/api/subjects/${encodeURIComponent(personId)}`, { schema: SubjectPageResponse }).then((r) => r.data),
    retry: false,
  });
  const subject = query.data;
  const lang = i18n.language;
  const title = !subject
    ? t('protection:subject.refusedTitle')
    : subject.relation === 'self'
      ? t('protection:subject.titleSelf')
      : t('protection:subject.title', { possessive: possessive(subject.givenName, lang) });
  usePageTitle(query.isPending ? t('protection:subject.loading') : title);

  const actingForThem = actingAs?.personId === personId;
  const mayActFor = options.some((o) => o.personId === personId);

  return (
    <PatientLayout>
      {query.isPending && (
        <>
          <h1>{t('protection:subject.loading')}</h1>
          <Spinner label={t('protection:subject.loading')} hideLabel />
        </>
      )}
      {query.error && (
        <>
          <h1>{t('protection:subject.refusedTitle')}</h1>
          <RefusalAlert error={query.error} />
          <ButtonLink to="/profil" variant="secondary">
            {t('protection:subject.backToProfile')}
          </ButtonLink>
        </>
      )}
      {subject && (
        <>
          <h1 data-testid="subject-title">{title}</h1>
          {subject.relation === 'child' && (
            <p>{t('protection:subject.childNote', { possessive: possessive(subject.givenName, lang) })}</p>
          )}
          {subject.relation === 'ombud' && <p>{t('protection:subject.ombudNote')}</p>}
          <dl className="facts">
            <dt>{t('protection:subject.name')}</dt>
            <dd data-testid="subject-name">{subject.name}</dd>
            <dt>{t('protection:subject.age')}</dt>
            <dd>{t('protection:subject.ageYears', { count: subject.age })}</dd>
            {subject.relation !== 'self' && (
              <>
                <dt>{t('protection:subject.relation')}</dt>
                <dd>
                  {subject.relation === 'child'
                    ? t('protection:subject.relationChild')
                    : t('protection:subject.relationOmbud')}
                </dd>
              </>
            )}
            <dt>{t('protection:subject.mayDo')}</dt>
            <dd>
              <ul className="list-plain" data-testid="subject-scopes">
                {subject.scopes.map((scope) => (
                  <li key={scope}>{t(`protection:scopes.${scope}`)}</li>
                ))}
              </ul>
            </dd>
            {subject.validUntil && (
              <>
                <dt>{t('protection:subject.validUntil')}</dt>
                <dd data-testid="subject-valid-until">
                  {t('protection:subject.validUntilValue', { date: lastDayBefore(subject.validUntil, lang) })}
                </dd>
              </>
            )}
            <dt>{t('protection:subject.unit')}</dt>
            <dd>{subject.listedUnit?.name ?? t('protection:subject.noUnit')}</dd>
          </dl>
          {subject.relation !== 'self' && actingForThem && (
            <Alert tone="info">{t('protection:subject.actingNow', { name: subject.name })}</Alert>
          )}
          <div className="button-row">
            {subject.relation !== 'self' && !actingForThem && mayActFor && (
              <Button onClick={() => actFor(personId)}>{t('protection:subject.actFor', { name: subject.name })}</Button>
            )}
            {subject.relation !== 'ombud' && (
              <Button
                variant="secondary"
                onClick={() => {
                  // The log is read for whoever the app acts for: make that this person first.
                  if (subject.relation === 'child') actFor(personId);
                  navigate('/profil/vem-har-tittat');
                }}
              >
                {subject.relation === 'self'
                  ? t('protection:accessLog.titleSelf')
                  : t('protection:subject.accessLog', { possessive: possessive(subject.givenName, lang) })}
              </Button>
            )}
            {subject.relation === 'child' && (
              // The other half of 'records': a copy of the child's data (the page lists the children).
              <ButtonLink variant="secondary" to="/profil/mina-uppgifter">
                {t('protection:subject.myData', { possessive: possessive(subject.givenName, lang) })}
              </ButtonLink>
            )}
          </div>
        </>
      )}
    </PatientLayout>
  );
}
