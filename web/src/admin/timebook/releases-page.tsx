/**
 * /admin/tidstyper/:id/slapp — a time type's age-group releases: who is let in
 * ("födda på eller före", "från ålder") from when, and whether each is paused.
 * Pause and resume take effect at once; the state is said in words.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formErrors } from '../../api/errors.js';
import { useLabels } from '../../staff/format.js';
import { stockholmInstant } from '../../staff/timebook/dates.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { AdminLayout } from '../admin-frame.js';
import { DateTimeFields } from '../date-time-fields.js';
import { AdminTimebookNav } from './admin-timebook-nav.js';
import { type AdminRelease, useAddRelease, usePauseRelease, useReleases, useTimeType } from './timebook-admin-api.js';

export function ReleasesPage({ typeId }: { typeId: string }) {
  const { t, i18n } = useTranslation(['timebook', 'common']);
  const { type } = useTimeType(typeId);
  const releases = useReleases(typeId);
  const name = type ? (i18n.language === 'en' ? type.nameEn : type.nameSv) : '';
  usePageTitle(type ? t('admin.releases.title', { name }) : t('admin.releases.heading'));
  return (
    <AdminLayout>
      <p>
        <Link to={type ? `/admin/tidstyper/${typeId}` : '/admin/tidstyper'}>← {name || t('admin.nav.types')}</Link>
      </p>
      <h1>{type ? t('admin.releases.title', { name }) : t('admin.releases.heading')}</h1>
      <AdminTimebookNav />
      <p>{t('admin.releases.lead')}</p>
      {!releases.data ? (
        releases.error ? (
          <ErrorAlert error={releases.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : releases.data.length === 0 ? (
        <p>{t('admin.releases.empty')}</p>
      ) : (
        <ReleaseTable typeId={typeId} releases={releases.data} />
      )}
      <AddRelease typeId={typeId} />
    </AdminLayout>
  );
}

function ReleaseTable({ typeId, releases }: { typeId: string; releases: AdminRelease[] }) {
  const { t } = useTranslation('timebook');
  const labels = useLabels();
  const pause = usePauseRelease(typeId);
  const now = Date.now();
  const who = (r: AdminRelease) =>
    [
      r.bornOnOrBefore ? t('admin.releases.bornBefore', { date: r.bornOnOrBefore }) : null,
      r.minAge !== null ? t('admin.releases.ageFrom', { age: r.minAge }) : null,
    ]
      .filter(Boolean)
      .join(', ') || t('admin.releases.everyone');
  const state = (r: AdminRelease) =>
    r.pausedAt
      ? t('admin.releases.paused', { when: labels.dateTime(r.pausedAt) })
      : new Date(r.opensAt).getTime() <= now
        ? t('admin.releases.open')
        : t('admin.releases.scheduled');
  return (
    <>
      {pause.error ? <ErrorAlert error={pause.error} /> : null}
      {pause.data && (
        <Alert tone="success">
          {pause.data.pausedAt
            ? t('admin.releases.pausedNow', { who: who(pause.data) })
            : t('admin.releases.resumedNow', { who: who(pause.data) })}
        </Alert>
      )}
      <DataTable
        caption={t('admin.releases.caption')}
        rows={releases}
        rowKey={(r) => r.id}
        columns={[
          { key: 'who', header: t('admin.releases.who'), render: who },
          { key: 'opens', header: t('admin.releases.opensAt'), render: (r) => labels.dateTime(r.opensAt) },
          { key: 'state', header: t('admin.releases.state'), render: (r) => <strong>{state(r)}</strong> },
          {
            key: 'action',
            header: t('admin.releases.action'),
            render: (r) => (
              <Button
                variant={r.pausedAt ? 'primary' : 'danger'}
                pending={pause.isPending && pause.variables?.id === r.id}
                pendingLabel={t('admin.releases.working')}
                onClick={() => pause.mutate({ id: r.id, paused: !r.pausedAt })}
              >
                {r.pausedAt ? t('admin.releases.resume', { who: who(r) }) : t('admin.releases.pause', { who: who(r) })}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

function AddRelease({ typeId }: { typeId: string }) {
  const { t } = useTranslation(['timebook', 'common']);
  const add = useAddRelease(typeId);
  const [born, setBorn] = useState('');
  const [age, setAge] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('08:00');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { errors, summary, general } = formErrors(add.error, local, [
    ['bornOnOrBefore', 'rel-born'],
    ['minAge', 'rel-age'],
    ['opensAt', 'rel-date'],
  ]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (age.trim() && !/^\d+$/.test(age.trim())) found.minAge = t('admin.releases.ageInvalid');
    if (!date) found.opensAt = t('admin.releases.opensRequired');
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    add.mutate(
      {
        bornOnOrBefore: born || null,
        minAge: age.trim() ? Number(age) : null,
        opensAt: stockholmInstant(date, time || '00:00'),
      },
      {
        onSuccess: () => {
          setBorn('');
          setAge('');
          setDate('');
        },
      },
    );
  }

  return (
    <section aria-labelledby="rel-add-title">
      <h2 id="rel-add-title">{t('admin.releases.addTitle')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorSummary level={3} title={t('admin.releases.errors')} items={summary} focusKey={add.error ?? local} />
        <ErrorAlert error={general} />
        <p className="field__hint">{t('admin.releases.addHint')}</p>
        <div className="row-fields">
          <TextField
            id="rel-born"
            label={t('admin.releases.bornLabel')}
            type="date"
            value={born}
            error={errors.bornOnOrBefore}
            onChange={(e) => setBorn(e.target.value)}
          />
          <TextField
            id="rel-age"
            label={t('admin.releases.ageLabel')}
            inputMode="numeric"
            value={age}
            error={errors.minAge}
            onChange={(e) => setAge(e.target.value)}
          />
        </div>
        <div className="row-fields">
          <DateTimeFields
            idPrefix="rel"
            dateLabel={t('admin.releases.opensDate')}
            timeLabel={t('admin.releases.opensTime')}
            date={date}
            time={time}
            error={errors.opensAt}
            onDate={setDate}
            onTime={setTime}
          />
        </div>
        {add.isSuccess && <Alert tone="success">{t('admin.releases.added')}</Alert>}
        <div className="button-row">
          <Button type="submit" pending={add.isPending} pendingLabel={t('common:saving')}>
            {t('admin.releases.add')}
          </Button>
        </div>
      </form>
    </section>
  );
}
