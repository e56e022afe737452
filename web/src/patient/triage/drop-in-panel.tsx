/**
 * The drop-in queue on the triage result: join the unit's open video queue,
 * follow the place (polled: the server answers from a snapshot, not a
 * database read), and when it is one's turn answer and go to the meeting.
 * A closed queue, or one that closes while waiting, offers the next route:
 * write to the unit, or call 1177. "It is your turn" is announced by a live
 * region that is on the page from the start (so screen readers read the
 * change), shown in the tab's title, and — with notices on for this device —
 * pushed by the server (messaging's web push), so a closed tab hears it too.
 */
import { DropInEntryResponse, DropInStatusResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { formatClock, formatUntil } from '../../ui/datetime.js';
import { Alert, Button, ButtonLink, ErrorAlert, Spinner } from '../../ui/index.js';
import { enablePush, type PushState, pushState } from '../messages/push.js';

type Entry = z.infer<typeof DropInEntryResponse>['data'];
const POLL_MS = 3000;

/** "Tell me on this device when it is my turn": web push, asked for on a click only. */
function TurnNotice() {
  const { t } = useTranslation('triage');
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    pushState().then(
      (s) => live && setState(s),
      () => live && setState('unsupported'),
    );
    return () => {
      live = false;
    };
  }, []);
  if (state === null || state === 'unsupported') return null;
  return (
    <div data-testid="drop-in-push">
      {state === 'on' && <p>{t('dropIn.push.on')}</p>}
      {state === 'denied' && <p>{t('dropIn.push.denied')}</p>}
      {failed && <Alert tone="error">{t('dropIn.push.failed')}</Alert>}
      {state === 'off' && (
        <Button
          variant="secondary"
          pending={busy}
          onClick={async () => {
            setBusy(true);
            setFailed(false);
            try {
              setState(await enablePush());
            } catch {
              setFailed(true);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('dropIn.push.enable')}
        </Button>
      )}
    </div>
  );
}

/** While it is the patient's turn the tab's title says so (seen from another tab too); restored after. */
function useTurnTitle(turn: boolean, text: string) {
  useEffect(() => {
    if (!turn) return;
    const before = document.title;
    document.title = `${text} – ${before}`;
    return () => {
      document.title = before;
    };
  }, [turn, text]);
}

function NextRoute({ unit }: { unit: string }) {
  const { t } = useTranslation('triage');
  return (
    <>
      <p>{t('dropIn.nextRoute', { unit })}</p>
      <div className="button-row">
        <ButtonLink to="/meddelanden/ny">{t('outcome.dropIn.action')}</ButtonLink>
        <a className="button button--secondary" href="tel:1177">
          {t('outcome.call1177.action')}
        </a>
      </div>
    </>
  );
}

export function DropInPanel({ sessionId, unit }: { sessionId: string; unit: string }) {
  const { t, i18n } = useTranslation(['triage', 'common']);
  const client = useQueryClient();
  const navigate = useNavigate();
  const statusKey = ['triage', 'drop-in', sessionId];
  const status = useQuery({
    queryKey: statusKey,
    queryFn: () =>
      api.get(`/api/triage/sessions/${sessionId}/drop-in`, { schema: DropInStatusResponse }).then((r) => r.data),
  });
  const first = status.data?.entry ?? null;
  const entryKey = ['triage', 'drop-in-entry', first?.id];
  const entry = useQuery({
    queryKey: entryKey,
    enabled: first !== null,
    initialData: first ?? undefined,
    queryFn: () =>
      api
        .get(`/api/drop-in/queues/${first?.queueId}/entries/${first?.id}`, { schema: DropInEntryResponse })
        .then((r) => r.data),
    // Poll while the outcome is still open; a removed or answered entry does not change.
    refetchInterval: (q) => (q.state.data && ['waiting', 'called'].includes(q.state.data.status) ? POLL_MS : false),
  });
  const store = (data: Entry) => {
    client.setQueryData(['triage', 'drop-in-entry', data.id], data);
    client.setQueryData(statusKey, (old: typeof status.data) => (old ? { ...old, entry: data } : old));
  };
  const join = useMutation({
    mutationFn: () =>
      api
        .post(`/api/triage/sessions/${sessionId}/drop-in`, { body: {}, schema: DropInEntryResponse })
        .then((r) => r.data),
    onSuccess: store,
    onError: () => status.refetch(),
  });
  const answer = useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/drop-in/entries/${id}/answer`, { body: {}, schema: DropInEntryResponse }).then((r) => r.data),
    onSuccess: (data) => {
      store(data);
      if (data.meetingId) navigate(`/video/${data.meetingId}`);
      else if (data.conversationId) navigate(`/meddelanden/${data.conversationId}`);
    },
  });
  const leave = useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/drop-in/entries/${id}/leave`, { body: {}, schema: DropInEntryResponse }).then((r) => r.data),
    onSuccess: store,
  });

  const e = entry.data ?? first;
  const turn = e?.status === 'called';
  const turnText = t('dropIn.turn');
  useTurnTitle(turn, turnText);

  if (status.isPending) return <Spinner label={t('common:loading')} />;
  if (status.error) return <ErrorAlert error={status.error} />;
  const queue = status.data?.queue;
  const chat = e?.kind === 'chat' || queue?.kind === 'chat';
  const answerBy = e?.answerBy
    ? t(chat ? 'dropIn.turnBodyChat' : 'dropIn.turnBody', { time: formatClock(e.answerBy, i18n.language) })
    : '';
  // On the page from the first render, so the change to "your turn" is announced (assertive).
  const announcer = (
    <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="drop-in-announcer">
      {turn ? `${turnText} ${answerBy}` : ''}
    </div>
  );
  const frame = (content: ReactNode) => (
    <>
      {announcer}
      {content}
    </>
  );

  if (!e) {
    if (!queue?.open) {
      return frame(
        <>
          <p>{t('dropIn.closed', { unit })}</p>
          <NextRoute unit={unit} />
        </>,
      );
    }
    return frame(
      <>
        <p>{t(chat ? 'dropIn.openChat' : 'dropIn.open', { unit, time: formatUntil(queue.closesAt, i18n.language) })}</p>
        <ErrorAlert error={join.error} />
        <Button onClick={() => join.mutate()} pending={join.isPending}>
          {t('dropIn.join')}
        </Button>
      </>,
    );
  }

  switch (e.status) {
    case 'waiting':
      return frame(
        <>
          <div className="alert alert--info" role="status" aria-live="polite">
            <p className="alert__title">{t('dropIn.place', { position: e.position, count: e.position ?? 0 })}</p>
            <p className="alert__body">{t('dropIn.waitingBody', { waiting: e.waiting })}</p>
          </div>
          <TurnNotice />
          <ErrorAlert error={leave.error} />
          <Button variant="secondary" onClick={() => leave.mutate(e.id)} pending={leave.isPending}>
            {t('dropIn.leave')}
          </Button>
        </>,
      );
    case 'called':
      return frame(
        <>
          <div className="alert alert--success" data-testid="drop-in-turn">
            <p className="alert__title">{turnText}</p>
            <p className="alert__body">{answerBy || null}</p>
          </div>
          <ErrorAlert error={answer.error} />
          {(e.meetingId || e.conversationId) && (
            <Button onClick={() => answer.mutate(e.id)} pending={answer.isPending}>
              {t(e.conversationId ? 'dropIn.answerChat' : 'dropIn.answer')}
            </Button>
          )}
        </>,
      );
    case 'answered':
      return frame(
        e.meetingId ? (
          <ButtonLink to={`/video/${e.meetingId}`}>{t('dropIn.toMeeting')}</ButtonLink>
        ) : e.conversationId ? (
          <ButtonLink to={`/meddelanden/${e.conversationId}`}>{t('dropIn.toChat')}</ButtonLink>
        ) : null,
      );
    case 'removed':
      return frame(
        <Alert tone="warning" title={t(`dropIn.removed.${e.removedReason ?? 'left'}`)}>
          <NextRoute unit={unit} />
        </Alert>,
      );
  }
}
