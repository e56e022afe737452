/**
 * /admin/ko/:id — one queue's overview: length, serving number, admitted per
 * minute, estimated wait, abandonment, a chart over time, the shuffle proof,
 * and the controls (pause/resume, pace, close) that apply at once everywhere.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formErrors } from '../../api/errors.js';
import { Checkbox } from '../../ui/checkbox.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { AdminLayout } from '../admin-frame.js';
import { QueueChart } from './queue-chart.js';
import { useDashboard, useUpdateRoom } from './waiting-room-api.js';
import './waiting-room.css';

export function DashboardPage({ roomId }: { roomId: string }) {
  const { t } = useTranslation(['queueAdmin', 'common']);
  usePageTitle(t('queueAdmin:dashboard.title'));
  const dash = useDashboard(roomId);
  const update = useUpdateRoom(roomId);
  const [rate, setRate] = useState('');
  const [capacity, setCapacity] = useState('');
  const [pow, setPow] = useState('');
  // null: as the room has it now.
  const [paceAuto, setPaceAuto] = useState<boolean | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { errors, summary } = formErrors(update.error, local, [
    ['ratePerMinute', 'wr-new-rate'],
    ['capacity', 'wr-new-capacity'],
    ['powBits', 'wr-pow'],
  ]);
  const d = dash.data;
  const room = d?.room;

  /** Sends only the fields filled in; each is checked here first, with its error next to it. */
  function submitSettings(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const body: { action: 'set'; ratePerMinute?: number; capacity?: number; powBits?: number; paceAuto?: boolean } = {
      action: 'set',
    };
    if (paceAuto !== null && paceAuto !== d?.paceAuto) body.paceAuto = paceAuto;
    const whole = (v: string) => /^\d+$/.test(v.trim());
    if (rate.trim()) {
      if (whole(rate) && Number(rate) >= 1) body.ratePerMinute = Number(rate);
      else found.ratePerMinute = t('queueAdmin:positiveInvalid');
    }
    if (capacity.trim()) {
      if (whole(capacity) && Number(capacity) >= 1) body.capacity = Number(capacity);
      else found.capacity = t('queueAdmin:positiveInvalid');
    }
    if (pow.trim()) {
      if (whole(pow) && Number(pow) <= 24) body.powBits = Number(pow);
      else found.powBits = t('queueAdmin:powInvalid');
    }
    if (Object.keys(found).length === 0 && Object.keys(body).length === 1) {
      found[room?.admission === 'capacity' ? 'capacity' : 'ratePerMinute'] = t('queueAdmin:nothingToChange');
    }
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(body, {
      onSuccess: () => {
        setRate('');
        setCapacity('');
        setPow('');
        setPaceAuto(null);
      },
    });
  }

  const tiles: [string, string | number][] =
    d && room
      ? [
          [t('queueAdmin:dashboard.mode'), t(`queueAdmin:dashboard.modes.${room.admission}`)],
          ...(room.admission === 'capacity'
            ? ([
                [
                  t('queueAdmin:dashboard.insideNow'),
                  `${d.insideNow} / ${
                    d.paceAuto
                      ? t('queueAdmin:dashboard.paceAuto', { value: d.capacityNow, max: d.capacity })
                      : d.capacity
                  }`,
                ],
              ] as [string, string][])
            : []),
          [t('queueAdmin:dashboard.queueLength'), room.queueLength],
          [t('queueAdmin:dashboard.serving'), room.serving],
          [t('queueAdmin:dashboard.perMinute'), d.admittedPerMinute],
          [
            t('queueAdmin:dashboard.pace'),
            d.paceAuto && room.admission === 'rate'
              ? t('queueAdmin:dashboard.paceAuto', { value: room.admissionsPerMinute, max: d.ratePerMinute })
              : room.admissionsPerMinute,
          ],
          [
            t('queueAdmin:dashboard.eta'),
            room.etaSeconds === null
              ? t('queueAdmin:dashboard.etaNone')
              : t('queueAdmin:dashboard.minutes', { count: Math.ceil(room.etaSeconds / 60) }),
          ],
          [t('queueAdmin:dashboard.arrivals'), room.arrivals],
          [t('queueAdmin:dashboard.admitted'), d.admitted],
          [t('queueAdmin:dashboard.used'), d.used],
          [t('queueAdmin:dashboard.abandoned'), d.abandoned],
          [
            t('queueAdmin:dashboard.powTile'),
            d.powBitsDefault
              ? t('queueAdmin:dashboard.powBitsDefault', { count: d.powBits })
              : t('queueAdmin:dashboard.powBits', { count: d.powBits }),
          ],
        ]
      : [];
  return (
    <AdminLayout>
      <p>
        <Link to="/admin/ko">← {t('queueAdmin:dashboard.back')}</Link>
      </p>
      <h1>{t('queueAdmin:dashboard.title')}</h1>
      {!d || !room ? (
        dash.error ? (
          <ErrorAlert error={dash.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : (
        <>
          <p>
            <strong>{t(`queueAdmin:phases.${room.phase}`)}</strong>
            {d.ended ? ` – ${t('queueAdmin:dashboard.ended')}` : ''}
          </p>
          <dl className="wr-tiles">
            {tiles.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <section aria-labelledby="wr-chart">
            <h2 id="wr-chart">{t('queueAdmin:dashboard.chartTitle')}</h2>
            <QueueChart samples={d.samples} />
          </section>
          {!d.ended && (
            <section aria-labelledby="wr-controls">
              <h2 id="wr-controls">{t('queueAdmin:dashboard.controls')}</h2>
              {Object.keys(errors).length === 0 && <ErrorAlert error={update.error} />}
              {update.isSuccess && <Alert tone="success">{t('queueAdmin:dashboard.saved')}</Alert>}
              <div className="button-row">
                {(room.phase === 'scheduled' || room.phase === 'prequeue') && (
                  <Button onClick={() => update.mutate({ action: 'release' })} pending={update.isPending}>
                    {t('queueAdmin:dashboard.releaseNow')}
                  </Button>
                )}
                {room.phase === 'paused' ? (
                  <Button onClick={() => update.mutate({ action: 'resume' })} pending={update.isPending}>
                    {t('queueAdmin:dashboard.resume')}
                  </Button>
                ) : (
                  <Button
                    variant="secondary"
                    onClick={() => update.mutate({ action: 'pause' })}
                    pending={update.isPending}
                  >
                    {t('queueAdmin:dashboard.pause')}
                  </Button>
                )}
                <Button variant="danger" onClick={() => update.mutate({ action: 'end' })} pending={update.isPending}>
                  {t('queueAdmin:dashboard.end')}
                </Button>
              </div>
              <form onSubmit={submitSettings} noValidate>
                <ErrorSummary
                  level={3}
                  title={t('queueAdmin:errors')}
                  items={summary}
                  focusKey={update.error ?? local}
                />
                <div className="row-fields">
                  {room.admission === 'rate' ? (
                    <TextField
                      id="wr-new-rate"
                      label={d.paceAuto ? t('queueAdmin:rateCeilingLabel') : t('queueAdmin:rateLabel')}
                      hint={t('queueAdmin:dashboard.now', { value: d.ratePerMinute })}
                      inputMode="numeric"
                      value={rate}
                      error={errors.ratePerMinute}
                      onChange={(e) => setRate(e.target.value)}
                    />
                  ) : (
                    <TextField
                      id="wr-new-capacity"
                      label={d.paceAuto ? t('queueAdmin:capacityCeilingLabel') : t('queueAdmin:capacityLabel')}
                      hint={t('queueAdmin:dashboard.now', { value: d.capacity })}
                      inputMode="numeric"
                      value={capacity}
                      error={errors.capacity}
                      onChange={(e) => setCapacity(e.target.value)}
                    />
                  )}
                  <TextField
                    id="wr-pow"
                    label={t('queueAdmin:powLabel')}
                    hint={t('queueAdmin:powHint', { value: d.powBits })}
                    inputMode="numeric"
                    value={pow}
                    error={errors.powBits}
                    onChange={(e) => setPow(e.target.value)}
                  />
                </div>
                <Checkbox
                  id="wr-pace-auto"
                  label={t(room.admission === 'rate' ? 'queueAdmin:paceAutoLabel' : 'queueAdmin:capacityAutoLabel')}
                  hint={t(room.admission === 'rate' ? 'queueAdmin:paceAutoHint' : 'queueAdmin:capacityAutoHint')}
                  checked={paceAuto ?? d.paceAuto}
                  onChange={(e) => setPaceAuto(e.target.checked)}
                />
                <div className="button-row">
                  <Button type="submit" pending={update.isPending} pendingLabel={t('common:saving')}>
                    {t('queueAdmin:dashboard.saveSettings')}
                  </Button>
                </div>
              </form>
            </section>
          )}
          <section aria-labelledby="wr-shuffle">
            <h2 id="wr-shuffle">{t('queueAdmin:dashboard.shuffleTitle')}</h2>
            <dl className="wr-proof">
              <dt>{t('queueAdmin:dashboard.commitment')}</dt>
              <dd>{room.shuffle.seedSha256}</dd>
              <dt>{t('queueAdmin:dashboard.seed')}</dt>
              <dd>{room.shuffle.seed ?? t('queueAdmin:dashboard.seedHidden')}</dd>
              <dt>{t('queueAdmin:dashboard.prequeueCount')}</dt>
              <dd>{room.prequeueCount ?? '–'}</dd>
            </dl>
          </section>
        </>
      )}
    </AdminLayout>
  );
}
