/**
 * The waiting room's page: take (or keep) a place, then ask for the standing
 * every few seconds — a light request answered from the server's memory. When
 * the turn comes the browser goes on to where it was headed (`next`).
 * Changes are announced politely; the progress bar has a text equivalent.
 */
import type { RoomPublic, TicketStatusResponse } from '@ingang/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { keepAdmittedTurn } from '../../api/queue.js';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { fetchRoom, formatMoment, joinQueue, queueStatus, safeNext } from './queue-api.js';
import './queue.css';

type State =
  | { kind: 'joining' }
  | { kind: 'solving'; share: number }
  | { kind: 'standing'; status: TicketStatusResponse }
  | { kind: 'closed' }
  | { kind: 'error'; error: unknown };

export function QueuePage() {
  const { t, i18n } = useTranslation(['queue', 'common']);
  usePageTitle(t('queue:title'));
  const { roomId = '' } = useParams();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const [state, setState] = useState<State>({ kind: 'joining' });
  const [room, setRoom] = useState<RoomPublic | null>(null);
  const [attempt, setAttempt] = useState(0);
  const went = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the trigger for joining again.
  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Holding a place that is still waiting (so a wake-up should ask). */
    let standing = false;
    const show = (status: TicketStatusResponse) => {
      if (!active) return;
      setState({ kind: 'standing', status });
      standing = status.phase !== 'admitted' && status.phase !== 'expired';
      if (!standing) return;
      // A fixed-rate room's estimate is exact and the gate lets a due ticket through on the login or
      // booking request itself: go on when due instead of asking once more. Counted from this answer's
      // arrival (etaSeconds), not the server's clock. A 503 queue_required there brings the browser back.
      if (status.dueAt !== null && status.etaSeconds !== null && status.etaSeconds <= status.pollSeconds) {
        const due = { ...status, phase: 'admitted' as const, ahead: 0, etaSeconds: 0, progress: 1, dueAt: null };
        timer = setTimeout(() => show(due), status.etaSeconds * 1000);
        return;
      }
      timer = setTimeout(poll, status.pollSeconds * 1000);
    };
    const fail = (error: unknown) => {
      if (!active) return;
      // The room has closed: nothing to wait for.
      if (error instanceof ApiError && error.code === 'not_found') setState({ kind: 'closed' });
      else setState({ kind: 'error', error });
    };
    const join = () => joinQueue(roomId, (share) => active && setState({ kind: 'solving', share })).then(show, fail);
    const poll = () =>
      queueStatus(roomId).then(show, (error: unknown) => {
        if (error instanceof ApiError && error.code === 'no_ticket') return join();
        // A passing network error: keep the place and ask again a little later.
        if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) {
          timer = setTimeout(poll, 5000);
          return;
        }
        fail(error);
      });
    // Far back the next poll can be a minute away: a phone that wakes up asks at once.
    const wake = () => {
      if (document.visibilityState !== 'visible' || !standing) return;
      clearTimeout(timer);
      void poll();
    };
    document.addEventListener('visibilitychange', wake);
    setState({ kind: 'joining' });
    void join();
    fetchRoom(roomId).then(
      (r) => active && setRoom(r),
      () => undefined,
    );
    return () => {
      active = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [roomId, attempt]);

  // The seed is revealed at the release: read the room again once the prequeue is over.
  const phase = state.kind === 'standing' ? state.status.phase : null;
  useEffect(() => {
    if (phase && phase !== 'prequeue') fetchRoom(roomId).then(setRoom, () => undefined);
  }, [phase, roomId]);

  useEffect(() => {
    if (state.kind === 'standing' && state.status.phase === 'admitted' && !went.current) {
      went.current = true;
      // Keeps telling the room this turn is in use while the person logs in and books.
      keepAdmittedTurn(roomId, state.status.admittedUntil);
      const timer = setTimeout(() => navigate(next), 1500);
      return () => clearTimeout(timer);
    }
  }, [state, navigate, next, roomId]);

  const status = state.kind === 'standing' ? state.status : null;
  const time = (iso: string) => formatMoment(iso, i18n.language);

  return (
    <PatientLayout>
      <h1>
        {status?.phase === 'admitted'
          ? t('queue:admittedTitle')
          : status?.phase === 'prequeue'
            ? t('queue:prequeueTitle')
            : t('queue:title')}
      </h1>
      {state.kind === 'joining' && <Spinner label={t('queue:joining')} />}
      {state.kind === 'solving' && (
        <>
          <p className="queue-status" role="status">
            {t('queue:solving')}
          </p>
          <label className="queue-progress">
            {t('queue:solvingProgress')}
            <progress max={100} value={Math.round(state.share * 100)}>
              {Math.round(state.share * 100)} %
            </progress>
          </label>
        </>
      )}
      {state.kind === 'error' && <ErrorAlert error={state.error} />}
      {state.kind === 'closed' && (
        <>
          <p>{t('queue:closed')}</p>
          <Button onClick={() => navigate(next)}>{t('queue:continue')}</Button>
        </>
      )}
      {status && <Standing status={status} time={time} />}
      {status?.phase === 'admitted' && <Button onClick={() => navigate(next)}>{t('queue:continue')}</Button>}
      {status?.phase === 'expired' && (
        <>
          <Alert tone="warning">{t('queue:expired')}</Alert>
          <Button onClick={() => setAttempt((a) => a + 1)}>{t('queue:rejoin')}</Button>
        </>
      )}
      <section aria-labelledby="queue-lane" className="queue-section">
        <h2 id="queue-lane">{t('queue:laneTitle')}</h2>
        <p>{t('queue:lane')}</p>
        <Link to="/logga-in?lane=manage&returnTo=%2Fbokningar">{t('queue:laneLink')}</Link>
      </section>
      {room && <Fairness room={room} />}
      {room?.timeTypeId && (
        <p>
          <Link to={`/slapp/${room.timeTypeId}`}>{t('queue:weatherLink')}</Link>
        </p>
      )}
    </PatientLayout>
  );
}

function Standing({ status, time }: { status: TicketStatusResponse; time: (iso: string) => string }) {
  const { t } = useTranslation('queue');
  const minutes = status.etaSeconds === null ? null : Math.ceil(status.etaSeconds / 60);
  const message =
    status.phase === 'admitted'
      ? status.admittedUntil
        ? t('admitted', { time: time(status.admittedUntil) })
        : t('admittedNow')
      : status.phase === 'prequeue'
        ? t('prequeue', { time: time(status.releaseAt) })
        : status.paused
          ? t('paused')
          : // Called, yet waiting: back after a sleep to a full room (capacity mode) — first in line.
            status.place !== null && status.place <= status.serving
            ? t('returning')
            : status.ahead !== null
              ? t('ahead', { count: status.ahead })
              : '';
  return (
    <>
      {status.phase !== 'admitted' && <p>{t('lead')}</p>}
      <p className="queue-status" role="status" aria-live="polite">
        {message}
      </p>
      <dl className="queue-facts">
        <div>
          <dt>{t('arrival')}</dt>
          <dd>{status.arrival}</dd>
        </div>
        {status.place !== null && status.phase === 'waiting' && (
          <div>
            <dt>{t('place')}</dt>
            <dd>{status.place}</dd>
          </div>
        )}
      </dl>
      {status.phase === 'waiting' && (
        <>
          {minutes !== null && <p>{minutes <= 1 ? t('etaSoon') : t('eta', { minutes })}</p>}
          <label className="queue-progress">
            {t('progress')}
            <progress max={100} value={Math.round(status.progress * 100)}>
              {Math.round(status.progress * 100)} %
            </progress>
          </label>
        </>
      )}
    </>
  );
}

function Fairness({ room }: { room: RoomPublic }) {
  const { t } = useTranslation('queue');
  if (room.prequeueCount === 0) return null;
  return (
    <section aria-labelledby="queue-fair" className="queue-section">
      <h2 id="queue-fair">{t('fairTitle')}</h2>
      <p>{t('fairCommitment')}</p>
      <p className="queue-hash">{room.shuffle.seedSha256}</p>
      {room.shuffle.seed ? (
        <>
          <p>{t('fairSeed')}</p>
          <p className="queue-hash">{room.shuffle.seed}</p>
        </>
      ) : (
        <p>{t('fairSeedLater')}</p>
      )}
      <p className="muted">
        {t('fairAlgorithm', { algorithm: room.shuffle.algorithm, count: room.prequeueCount ?? '–' })}
      </p>
    </section>
  );
}
