/**
 * /admin/ko — the open and scheduled queues, and the form that opens one now
 * or schedules a release with a prequeue (region admins).
 */
import { PublicTimeTypeListResponse, type RoomPublic } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { formErrors } from '../../api/errors.js';
import { useLabels } from '../../staff/format.js';
import { stockholmInstant } from '../../staff/timebook/dates.js';
import { Checkbox } from '../../ui/checkbox.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { AdminLayout } from '../admin-frame.js';
import { DateTimeFields } from '../date-time-fields.js';
import { useCreateRoom, useRooms } from './waiting-room-api.js';

function useTimeTypes() {
  return useQuery({
    queryKey: ['public-time-types'],
    queryFn: () => api.get('/api/time-types', { schema: PublicTimeTypeListResponse }).then((r) => r.data),
  });
}

export function RoomsPage() {
  const { t, i18n } = useTranslation(['queueAdmin', 'common']);
  usePageTitle(t('queueAdmin:title'));
  const rooms = useRooms();
  const types = useTimeTypes();
  const labels = useLabels();
  const typeName = (id: string | null) => {
    const type = types.data?.find((x) => x.id === id);
    return type ? (i18n.language === 'en' ? type.nameEn : type.name) : '';
  };
  const scope = (r: RoomPublic) =>
    r.scope === 'app' ? t('queueAdmin:scopeApp') : t('queueAdmin:scopeType', { name: typeName(r.timeTypeId) });
  return (
    <AdminLayout>
      <h1>{t('queueAdmin:title')}</h1>
      <p>{t('queueAdmin:lead')}</p>
      {!rooms.data ? (
        rooms.error ? (
          <ErrorAlert error={rooms.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : rooms.data.length === 0 ? (
        <p>{t('queueAdmin:none')}</p>
      ) : (
        <DataTable
          caption={t('queueAdmin:caption')}
          rows={rooms.data}
          rowKey={(r) => r.id}
          columns={[
            { key: 'scope', header: t('queueAdmin:scope'), render: scope },
            {
              key: 'phase',
              header: t('queueAdmin:phase'),
              render: (r) => <strong>{t(`queueAdmin:phases.${r.phase}`)}</strong>,
            },
            { key: 'release', header: t('queueAdmin:release'), render: (r) => labels.dateTime(r.releaseAt) },
            { key: 'queue', header: t('queueAdmin:queueLength'), render: (r) => r.queueLength },
            {
              key: 'open',
              header: t('queueAdmin:open'),
              render: (r) => (
                <Link to={`/admin/ko/${r.id}`}>
                  {t('queueAdmin:open')}: {scope(r)}
                </Link>
              ),
            },
          ]}
        />
      )}
      <CreateRoom
        types={(types.data ?? []).map((x) => ({ value: x.id, label: i18n.language === 'en' ? x.nameEn : x.name }))}
      />
    </AdminLayout>
  );
}

const whole = (value: string) => /^\d+$/.test(value.trim());

function CreateRoom({ types }: { types: { value: string; label: string }[] }) {
  const { t } = useTranslation(['queueAdmin', 'common']);
  const create = useCreateRoom();
  const [scope, setScope] = useState<'app' | 'time_type'>('time_type');
  const [typeId, setTypeId] = useState('');
  const [admission, setAdmission] = useState<'rate' | 'capacity'>('rate');
  const [rate, setRate] = useState('600');
  const [capacity, setCapacity] = useState('500');
  const [valid, setValid] = useState('15');
  const [when, setWhen] = useState<'now' | 'scheduled'>('scheduled');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('08:00');
  const [prequeue, setPrequeue] = useState('15');
  // Empty: the server's configured difficulty.
  const [pow, setPow] = useState('');
  const [paceAuto, setPaceAuto] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { errors, summary, general } = formErrors(create.error, local, [
    ['timeTypeId', 'wr-type'],
    ['ratePerMinute', 'wr-rate'],
    ['capacity', 'wr-capacity'],
    ['admittedValidMinutes', 'wr-valid'],
    ['releaseAt', 'wr-date'],
    ['prequeueMinutes', 'wr-prequeue'],
    ['powBits', 'wr-create-pow'],
  ]);
  const chosenType = typeId || types[0]?.value || '';

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const [key, value] of [
      ['ratePerMinute', rate],
      ['capacity', capacity],
      ['admittedValidMinutes', valid],
      ['prequeueMinutes', prequeue],
    ] as const) {
      if (!whole(value)) found[key] = t('queueAdmin:numberInvalid');
    }
    if (when === 'scheduled' && !date) found.releaseAt = t('queueAdmin:dateRequired');
    if (pow.trim() && !(whole(pow) && Number(pow) <= 24)) found.powBits = t('queueAdmin:powInvalid');
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({
      scope,
      ...(scope === 'time_type' ? { timeTypeId: chosenType } : {}),
      admission,
      ratePerMinute: Number(rate),
      capacity: Number(capacity),
      admittedValidMinutes: Number(valid),
      ...(pow.trim() ? { powBits: Number(pow) } : {}),
      ...(paceAuto ? { paceAuto: true } : {}),
      ...(when === 'scheduled'
        ? { releaseAt: stockholmInstant(date, time || '00:00'), prequeueMinutes: Number(prequeue) }
        : {}),
    });
  }

  return (
    <section aria-labelledby="wr-create">
      <h2 id="wr-create">{t('queueAdmin:createTitle')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorSummary level={3} title={t('queueAdmin:errors')} items={summary} focusKey={create.error ?? local} />
        <ErrorAlert error={general} />
        <RadioGroup
          name="wr-scope"
          legend={t('queueAdmin:scopeLabel')}
          value={scope}
          onChange={(v) => setScope(v as 'app' | 'time_type')}
          options={[
            { value: 'time_type', label: t('queueAdmin:scopeTypeOption') },
            { value: 'app', label: t('queueAdmin:scopeApp') },
          ]}
        />
        {scope === 'time_type' && (
          <Select
            id="wr-type"
            label={t('queueAdmin:typeLabel')}
            options={types}
            value={chosenType}
            error={errors.timeTypeId}
            onChange={(e) => setTypeId(e.target.value)}
          />
        )}
        <RadioGroup
          name="wr-admission"
          legend={t('queueAdmin:admissionLabel')}
          value={admission}
          onChange={(v) => setAdmission(v as 'rate' | 'capacity')}
          options={[
            { value: 'rate', label: t('queueAdmin:admissionRate') },
            { value: 'capacity', label: t('queueAdmin:admissionCapacity') },
          ]}
        />
        <div className="row-fields">
          {admission === 'rate' ? (
            <TextField
              id="wr-rate"
              label={t('queueAdmin:rateLabel')}
              inputMode="numeric"
              value={rate}
              error={errors.ratePerMinute}
              onChange={(e) => setRate(e.target.value)}
            />
          ) : (
            <TextField
              id="wr-capacity"
              label={t('queueAdmin:capacityLabel')}
              inputMode="numeric"
              value={capacity}
              error={errors.capacity}
              onChange={(e) => setCapacity(e.target.value)}
            />
          )}
          <TextField
            id="wr-valid"
            label={t('queueAdmin:validLabel')}
            inputMode="numeric"
            value={valid}
            error={errors.admittedValidMinutes}
            onChange={(e) => setValid(e.target.value)}
          />
          <TextField
            id="wr-create-pow"
            label={t('queueAdmin:powLabel')}
            hint={t('queueAdmin:powCreateHint')}
            inputMode="numeric"
            value={pow}
            error={errors.powBits}
            onChange={(e) => setPow(e.target.value)}
          />
        </div>
        {/* Both modes follow the load with the same switch: the pace, or the number of places. */}
        <Checkbox
          id="wr-create-pace-auto"
          label={t(admission === 'rate' ? 'queueAdmin:paceAutoLabel' : 'queueAdmin:capacityAutoLabel')}
          hint={t(admission === 'rate' ? 'queueAdmin:paceAutoHint' : 'queueAdmin:capacityAutoHint')}
          checked={paceAuto}
          onChange={(e) => setPaceAuto(e.target.checked)}
        />
        <RadioGroup
          name="wr-when"
          legend={t('queueAdmin:whenLabel')}
          value={when}
          onChange={(v) => setWhen(v as 'now' | 'scheduled')}
          options={[
            { value: 'scheduled', label: t('queueAdmin:whenScheduled') },
            { value: 'now', label: t('queueAdmin:whenNow') },
          ]}
        />
        {when === 'scheduled' && (
          <div className="row-fields">
            <DateTimeFields
              idPrefix="wr"
              dateLabel={t('queueAdmin:dateLabel')}
              timeLabel={t('queueAdmin:timeLabel')}
              date={date}
              time={time}
              error={errors.releaseAt}
              onDate={setDate}
              onTime={setTime}
            />
            <TextField
              id="wr-prequeue"
              label={t('queueAdmin:prequeueLabel')}
              inputMode="numeric"
              value={prequeue}
              error={errors.prequeueMinutes}
              onChange={(e) => setPrequeue(e.target.value)}
            />
          </div>
        )}
        {create.isSuccess && (
          <Alert tone="success">
            {t('queueAdmin:created')} <Link to={`/admin/ko/${create.data.id}`}>{t('queueAdmin:open')}</Link>
          </Alert>
        )}
        <div className="button-row">
          <Button type="submit" pending={create.isPending} pendingLabel={t('common:saving')}>
            {when === 'scheduled' ? t('queueAdmin:schedule') : t('queueAdmin:create')}
          </Button>
        </div>
      </form>
    </section>
  );
}
