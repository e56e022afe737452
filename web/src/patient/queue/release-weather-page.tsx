/**
 * The release weather (public, no login): per time type, which age groups may
 * book now and which are released next, free places by area, and the live
 * queue. Read again every ten seconds (the server caches it as long).
 */
import { PublicTimeTypeListResponse, ReleaseWeatherResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { formatMoment } from './queue-api.js';
import './queue.css';

type Weather = ReleaseWeatherResponse['data'];

/** /slapp: the time types, each linking to its weather. */
export function ReleaseListPage() {
  const { t, i18n } = useTranslation(['queue', 'common']);
  usePageTitle(t('queue:weather.listTitle'));
  const types = useQuery({
    queryKey: ['public-time-types'],
    queryFn: () => api.get('/api/time-types', { schema: PublicTimeTypeListResponse }).then((r) => r.data),
  });
  return (
    <PatientLayout>
      <h1>{t('queue:weather.listTitle')}</h1>
      <p>{t('queue:weather.listLead')}</p>
      {types.isPending && <Spinner label={t('common:loading')} />}
      {types.error && <ErrorAlert error={types.error} />}
      <ul>
        {types.data?.map((type) => (
          <li key={type.id}>
            <Link to={`/slapp/${type.id}`}>{i18n.language === 'en' ? type.nameEn : type.name}</Link>
          </li>
        ))}
      </ul>
    </PatientLayout>
  );
}

/** /slapp/:timeTypeId */
export function ReleaseWeatherPage() {
  const { t, i18n } = useTranslation(['queue', 'common']);
  const { timeTypeId = '' } = useParams();
  const query = useQuery({
    queryKey: ['release-weather', timeTypeId],
    queryFn: () =>
      api
        .get(`/api/public/release-weather/${encodeURIComponent(timeTypeId)}`, { schema: ReleaseWeatherResponse })
        .then((r) => r.data),
    refetchInterval: 10_000,
  });
  const w = query.data;
  const name = w ? (i18n.language === 'en' ? w.timeType.nameEn : w.timeType.nameSv) : '';
  usePageTitle(w ? t('queue:weather.title', { name }) : t('queue:weather.listTitle'));
  return (
    <PatientLayout>
      <h1>{w ? t('queue:weather.title', { name }) : t('queue:weather.listTitle')}</h1>
      {query.isPending && <Spinner label={t('common:loading')} />}
      {query.error && <ErrorAlert error={query.error} />}
      {w && <WeatherReport w={w} />}
    </PatientLayout>
  );
}

function WeatherReport({ w }: { w: Weather }) {
  const { t, i18n } = useTranslation('queue');
  const time = (iso: string) => formatMoment(iso, i18n.language);
  const group = (g: { bornOnOrBefore: string | null; minAge: number | null }) =>
    [
      g.bornOnOrBefore ? t('weather.born', { date: g.bornOnOrBefore }) : null,
      g.minAge !== null ? t('weather.minAge', { age: g.minAge }) : null,
    ]
      .filter(Boolean)
      .join(', ') || t('weather.everyone');
  const range = w.ages.min !== null || w.ages.max !== null ? `${w.ages.min ?? 0}–${w.ages.max ?? ''}` : null;
  return (
    <>
      <p>{t('weather.lead')}</p>
      <section aria-labelledby="w-queue" className="queue-section">
        <h2 id="w-queue">{t('weather.queueTitle')}</h2>
        <p role="status" aria-live="polite">
          {!w.queue
            ? t('weather.queueNone')
            : w.queue.phase === 'scheduled'
              ? t('weather.queueScheduled', { time: time(w.queue.prequeueOpensAt), release: time(w.queue.releaseAt) })
              : w.queue.phase === 'prequeue'
                ? t('weather.queuePrequeue', { time: time(w.queue.releaseAt) })
                : w.queue.phase === 'paused'
                  ? t('weather.queuePaused')
                  : t('weather.queueOpen', {
                      count: w.queue.queueLength,
                      minutes: Math.ceil((w.queue.etaSeconds ?? 0) / 60),
                    })}
        </p>
      </section>
      <section aria-labelledby="w-open" className="queue-section">
        <h2 id="w-open">{t('weather.openNowTitle')}</h2>
        {range && <p>{t('weather.ageRange', { range })}</p>}
        {w.openToAll ? (
          <p>{t('weather.openToAll')}</p>
        ) : w.openNow.length === 0 ? (
          <p>{t('weather.nobodyYet')}</p>
        ) : (
          <ul>
            {w.openNow.map((g) => (
              <li key={`${g.bornOnOrBefore}-${g.minAge}-${g.since}`}>
                {group(g)} ({t('weather.since', { time: time(g.since) })})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="w-next" className="queue-section">
        <h2 id="w-next">{t('weather.nextTitle')}</h2>
        {w.next.length === 0 ? (
          <p>{t('weather.nothingNext')}</p>
        ) : (
          <ul>
            {w.next.map((g) => (
              <li key={`${g.bornOnOrBefore}-${g.minAge}-${g.opensAt}`}>
                {group(g)} ({t('weather.opens', { time: time(g.opensAt) })})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="w-free" className="queue-section">
        <h2 id="w-free">{t('weather.freeTitle')}</h2>
        {w.freePlaces.length === 0 ? (
          <p>{t('weather.noFree')}</p>
        ) : (
          <>
            <p>{t('weather.total', { count: w.totalFree })}</p>
            <table className="weather-table">
              <thead>
                <tr>
                  <th scope="col">{t('weather.area')}</th>
                  <th scope="col" className="num">
                    {t('weather.free')}
                  </th>
                  <th scope="col" className="num">
                    {t('weather.units')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {w.freePlaces.map((a) => (
                  <tr key={a.area}>
                    <th scope="row">{a.area}</th>
                    <td className="num">{a.free}</td>
                    <td className="num">{a.units}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <p className="queue-section">
        <ButtonLink to={`/boka?typ=${w.timeType.id}`}>{t('weather.book')}</ButtonLink>
      </p>
      <p className="muted">{t('weather.asOf', { time: time(w.asOf) })}</p>
    </>
  );
}
