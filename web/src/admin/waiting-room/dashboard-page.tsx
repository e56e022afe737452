/**
 * /admin/ko/:id — one queue's overview: length, serving number, admitted per
 * minute, estimated wait, abandonment, a chart over time, the shuffle proof,
 * and the controls (pause/resume, pace, close) that apply at once everywhere.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
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
  const d = dash.data;
  const room = d?.room;
  const tiles: [string, string | number][] =
    d && room
      ? [
          [t('queueAdmin:dashboard.queueLength'), room.queueLength],
          [t('queueAdmin:dashboard.serving'), room.serving],
          [t('queueAdmin:dashboard.perMinute'), d.admittedPerMinute],
          [t('queueAdmin:dashboard.pace'), room.admissionsPerMinute],
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
              <ErrorAlert error={update.error} />
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
              <form
                className="row-fields"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (/^\d+$/.test(rate.trim())) update.mutate({ action: 'set', ratePerMinute: Number(rate) });
                }}
              >
                <TextField
                  id="wr-new-rate"
                  label={t('queueAdmin:rateLabel')}
                  inputMode="numeric"
                  value={rate}
                  placeholder={String(room.admissionsPerMinute)}
                  onChange={(e) => setRate(e.target.value)}
                />
                <div className="button-row">
                  <Button type="submit">{t('queueAdmin:dashboard.setRate')}</Button>
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
