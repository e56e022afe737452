/**
 * The antenatal clinic's view: register a pregnancy, the list (all, no wish
 * yet, near the last day), and per patient "Ange önskemål" (for someone who
 * cannot use the app, with a logged reason) and "Ändra datum".
 */
import type { StaffPregnancy } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldTexts } from '../../api/errors.js';
import { DataTable } from '../../ui/data-table.js';
import { Alert, Button, ErrorAlert, ProtectedMarker, Select, Spinner, TextField } from '../../ui/index.js';
import { type PregnancyFilter, usePregnancies, usePregnancyChange } from './birth-clinic-api.js';

type Clinics = { id: string; name: string }[];
const fieldsOf = (e: unknown) => fieldTexts(e);

function RegisterForm({ unitId }: { unitId: string }) {
  const { t } = useTranslation('birth-clinic');
  const change = usePregnancyChange(unitId);
  const [pnr, setPnr] = useState('');
  const [due, setDue] = useState('');
  const fields = fieldsOf(change.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { method: 'post', path: '', body: { personalNumber: pnr, dueDate: due } },
      { onSuccess: () => setPnr('') },
    );
  }
  return (
    <section aria-labelledby="bc-register">
      <h2 id="bc-register">{t('staff.register')}</h2>
      {change.isSuccess && <Alert tone="success">{t('staff.registered')}</Alert>}
      {Object.keys(fields).length === 0 && <ErrorAlert error={change.error} />}
      <form onSubmit={submit} noValidate>
        <TextField
          id="bc-pnr"
          label={t('staff.pnr')}
          value={pnr}
          error={fields.personalNumber}
          onChange={(e) => setPnr(e.target.value)}
          autoComplete="off"
        />
        <TextField
          id="bc-due"
          type="date"
          label={t('staff.due')}
          value={due}
          error={fields.dueDate}
          onChange={(e) => setDue(e.target.value)}
        />
        <Button type="submit" pending={change.isPending}>
          {t('staff.registerSubmit')}
        </Button>
      </form>
    </section>
  );
}

function EditForm({
  unitId,
  row,
  kind,
  clinics,
  done,
}: {
  unitId: string;
  row: StaffPregnancy;
  kind: 'wishes' | 'due';
  clinics: Clinics;
  done: () => void;
}) {
  const { t } = useTranslation('birth-clinic');
  const change = usePregnancyChange(unitId);
  const [choices, setChoices] = useState(() => [0, 1, 2].map((i) => row.wishes[i]?.clinicId ?? ''));
  const [due, setDue] = useState(row.dueDate);
  const [reason, setReason] = useState('');
  const fields = fieldsOf(change.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    const body =
      kind === 'wishes'
        ? { clinicIds: choices.filter(Boolean), version: row.wishesVersion, reason }
        : { dueDate: due, reason };
    change.mutate(
      { method: 'put', path: `/${row.id}/${kind === 'wishes' ? 'wishes' : 'due-date'}`, body },
      { onSuccess: done },
    );
  }
  const options = [
    { value: '', label: t('patient.noChoice') },
    ...clinics.map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <section aria-labelledby="bc-edit">
      <h2 id="bc-edit">
        {kind === 'wishes' ? t('staff.editWishes') : t('staff.correctDue')}: {row.name}
      </h2>
      {Object.keys(fields).length === 0 && <ErrorAlert error={change.error} />}
      <form onSubmit={submit} noValidate>
        {kind === 'wishes' ? (
          [0, 1, 2].map((i) => (
            <Select
              key={i}
              id={`bc-staff-choice-${i + 1}`}
              label={t(`patient.choice${i + 1}`)}
              value={choices[i] ?? ''}
              error={fields[`clinicIds.${i}`]}
              options={options}
              onChange={(e) => setChoices((c) => c.map((v, j) => (j === i ? e.target.value : v)))}
            />
          ))
        ) : (
          <TextField
            id="bc-new-due"
            type="date"
            label={t('staff.newDue')}
            value={due}
            error={fields.dueDate}
            onChange={(e) => setDue(e.target.value)}
          />
        )}
        <TextField
          id="bc-reason"
          label={t('staff.reason')}
          hint={t('staff.reasonHint')}
          value={reason}
          error={fields.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="button-row">
          <Button type="submit" pending={change.isPending}>
            {t('staff.save')}
          </Button>
          <Button type="button" variant="secondary" onClick={done}>
            {t('staff.cancel')}
          </Button>
        </div>
      </form>
    </section>
  );
}

export function AntenatalView({
  unitId,
  unitName,
  onNotAntenatal,
}: {
  unitId: string;
  unitName: string;
  onNotAntenatal: () => void;
}) {
  const { t } = useTranslation('birth-clinic');
  const [filter, setFilter] = useState<PregnancyFilter>('all');
  const [editing, setEditing] = useState<{ id: string; kind: 'wishes' | 'due' } | null>(null);
  const list = usePregnancies(unitId, filter);
  if (list.error instanceof ApiError && list.error.code === 'not_antenatal_clinic') onNotAntenatal();
  const rows = list.data?.data ?? [];
  const current = editing ? rows.find((r) => r.id === editing.id) : undefined;
  return (
    <>
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.lead', { unit: unitName })}</p>
      <RegisterForm unitId={unitId} />
      <section aria-labelledby="bc-list">
        <h2 id="bc-list">{t('staff.caption')}</h2>
        <div className="filters">
          <Select
            id="bc-filter"
            label={t('staff.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value as PregnancyFilter)}
            options={(['all', 'no_wish', 'near_cutoff'] as const).map((f) => ({
              value: f,
              label: t(`staff.filters.${f}`),
            }))}
          />
        </div>
        {list.isPending && <Spinner label={t('staff.loading')} />}
        {!(list.error instanceof ApiError && list.error.code === 'not_antenatal_clinic') && (
          <ErrorAlert error={list.error} />
        )}
        {list.data && rows.length === 0 && <p className="muted">{t('staff.empty')}</p>}
        {rows.length > 0 && (
          <DataTable
            caption={t('staff.caption')}
            rows={rows}
            rowKey={(r) => r.id}
            columns={[
              {
                key: 'name',
                header: t('staff.cols.name'),
                render: (r) => (
                  <>
                    {r.name}
                    <ProtectedMarker protectedIdentity={r.protectedIdentity} />
                  </>
                ),
              },
              { key: 'pnr', header: t('staff.cols.pnr'), render: (r) => r.personalNumber },
              { key: 'due', header: t('staff.cols.due'), render: (r) => r.dueDate },
              { key: 'last', header: t('staff.cols.lastDay'), render: (r) => r.lastChangeDay },
              {
                key: 'wishes',
                header: t('staff.cols.wishes'),
                render: (r) => (r.wishes.length ? r.wishes.map((w) => w.name).join(', ') : t('staff.noWish')),
              },
              {
                key: 'result',
                header: t('staff.cols.result'),
                render: (r) =>
                  r.allocation
                    ? `${r.allocation.clinicName}${r.allocation.told ? '' : ` (${t('staff.provisional')})`}`
                    : '–',
              },
              {
                key: 'actions',
                header: t('staff.cols.actions'),
                render: (r) => (
                  <div className="button-row">
                    {r.daysToCutoff > 0 && (
                      <Button
                        variant="secondary"
                        onClick={() => setEditing({ id: r.id, kind: 'wishes' })}
                        aria-label={`${t('staff.editWishes')}: ${r.name}`}
                      >
                        {t('staff.editWishes')}
                      </Button>
                    )}
                    <Button
                      variant="secondary"
                      onClick={() => setEditing({ id: r.id, kind: 'due' })}
                      aria-label={`${t('staff.correctDue')}: ${r.name}`}
                    >
                      {t('staff.correctDue')}
                    </Button>
                  </div>
                ),
              },
            ]}
          />
        )}
      </section>
      {editing && current && list.data && (
        <EditForm
          key={`${editing.id}-${editing.kind}`}
          unitId={unitId}
          row={current}
          kind={editing.kind}
          clinics={list.data.clinics}
          done={() => setEditing(null)}
        />
      )}
    </>
  );
}
