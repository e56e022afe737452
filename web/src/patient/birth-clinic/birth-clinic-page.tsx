/**
 * /forlossning: the registered pregnancy, up to three ranked delivery clinics
 * (with distance and whether they take births in her week) until the last
 * day, and the result in plain language once she has been told. Acts for the
 * subject chosen in the switcher (the server checks the 'booking' scope).
 */
import type { MyBirthClinicResponse } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldTexts } from '../../api/errors.js';
import { formatCalendarDay } from '../../ui/datetime.js';
import { Alert, Button, ErrorAlert, Select, Spinner, usePageTitle } from '../../ui/index.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';
import { useMyBirthClinic, useSetWishes } from './birth-clinic-api.js';

type Data = MyBirthClinicResponse['data'];
type Pregnancy = NonNullable<Data['pregnancy']>;

const weekNo = (week: string) => Number(week.slice(6));

function Result({ pregnancy }: { pregnancy: Pregnancy }) {
  const { t } = useTranslation('birth-clinic');
  const a = pregnancy.allocation;
  if (!a) return null;
  return (
    <section aria-labelledby="bc-result">
      <h2 id="bc-result">{t('patient.resultTitle')}</h2>
      <Alert tone="success" title={t('patient.result', { clinic: a.clinicName, week: weekNo(a.week) })}>
        {a.wishRank && <p>{t('patient.resultWish', { rank: t(`rank.${a.wishRank}`) })}</p>}
        {t(`patient.why.${a.reason}`, { defaultValue: '' }) && <p>{t(`patient.why.${a.reason}`)}</p>}
      </Alert>
    </section>
  );
}

function WishForm({ data, subjectId }: { data: Data; subjectId: string | null }) {
  const { t } = useTranslation('birth-clinic');
  const pregnancy = data.pregnancy as Pregnancy;
  const save = useSetWishes(subjectId);
  const [choices, setChoices] = useState<string[]>(() => [0, 1, 2].map((i) => pregnancy.wishes[i] ?? ''));
  const [notice, setNotice] = useState<'saved' | 'withdrawn' | null>(null);
  const fields = fieldTexts(save.error);
  const changed = save.error instanceof ApiError && save.error.code === 'wishes_changed';
  const options = [
    { value: '', label: t('patient.noChoice') },
    ...data.clinics
      .filter((c) => c.openInWeek)
      .map((c) => ({
        value: c.id,
        label: c.distanceKm === null ? c.name : `${c.name} (${t('patient.distance', { km: c.distanceKm })})`,
      })),
  ];

  function submit(clinicIds: string[], kind: 'saved' | 'withdrawn') {
    setNotice(null);
    save.mutate(
      { clinicIds, version: pregnancy.wishesVersion },
      {
        onSuccess: (next) => {
          setChoices([0, 1, 2].map((i) => next.pregnancy?.wishes[i] ?? ''));
          setNotice(kind);
        },
      },
    );
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit(choices.filter(Boolean), 'saved');
  }

  return (
    <section aria-labelledby="bc-wishes">
      <h2 id="bc-wishes">{t('patient.wishesTitle')}</h2>
      <p>{t('patient.wishesLead')}</p>
      {pregnancy.wishesUpdatedBy === 'staff' && <p className="muted">{t('patient.byStaff')}</p>}
      {notice && <Alert tone="success">{t(`patient.${notice}`)}</Alert>}
      {changed ? (
        <Alert tone="error">{save.error?.message}</Alert>
      ) : (
        !fields['clinicIds.0'] && <ErrorAlert error={save.error} />
      )}
      <form onSubmit={onSubmit} noValidate>
        {[0, 1, 2].map((i) => (
          <Select
            key={i}
            id={`bc-choice-${i + 1}`}
            label={t(`patient.choice${i + 1}`)}
            value={choices[i] ?? ''}
            error={fields[`clinicIds.${i}`]}
            options={options}
            onChange={(e) => setChoices((c) => c.map((v, j) => (j === i ? e.target.value : v)))}
          />
        ))}
        <div className="button-row">
          <Button type="submit" pending={save.isPending} pendingLabel={t('patient.saving')}>
            {t('patient.save')}
          </Button>
          {pregnancy.wishes.length > 0 && (
            <Button type="button" variant="secondary" onClick={() => submit([], 'withdrawn')} disabled={save.isPending}>
              {t('patient.withdraw')}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}

export function BirthClinicPage() {
  const { t, i18n } = useTranslation('birth-clinic');
  usePageTitle(t('patient.title'));
  const { subject } = useActingFor();
  const subjectId = subject && !subject.self ? subject.personId : null;
  const query = useMyBirthClinic(subjectId);
  const date = (d: string) => formatCalendarDay(d, i18n.language);
  const p = query.data?.pregnancy;
  return (
    <PatientLayout>
      <h1>{t('patient.title')}</h1>
      {query.isPending && <Spinner label={t('patient.loading')} />}
      <ErrorAlert error={query.error} />
      {query.data && !p && <p>{t('patient.none')}</p>}
      {query.data && p && (
        <>
          <p>{t('patient.facts', { due: date(p.dueDate), week: weekNo(p.deliveryWeek), unit: p.antenatalUnitName })}</p>
          <Result pregnancy={p} />
          {p.canChange ? (
            <>
              <p>{t('patient.lastDay', { day: date(p.lastChangeDay) })}</p>
              <WishForm key={subjectId ?? 'self'} data={query.data} subjectId={subjectId} />
            </>
          ) : (
            !p.allocation && <p>{t('patient.locked', { day: date(p.lastChangeDay) })}</p>
          )}
          <section aria-labelledby="bc-clinics">
            <h2 id="bc-clinics">{t('patient.clinicsTitle')}</h2>
            <ul className="plain-list">
              {query.data.clinics.map((c) => (
                <li key={c.id}>
                  <strong>{c.name}</strong>, {c.city}
                  {c.distanceKm !== null && ` – ${t('patient.distance', { km: c.distanceKm })}`}
                  {!c.openInWeek && ` – ${t('patient.closed')}`}
                  {c.description && <p className="muted">{c.description}</p>}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </PatientLayout>
  );
}
