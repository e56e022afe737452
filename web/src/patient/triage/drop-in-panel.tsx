/**
 * The drop-in queue on the triage result: join the unit's open video queue,
 * follow the place (polled: the server answers from a snapshot, not a
 * database read), and when it is one's turn answer and go to the meeting.
 * A closed queue, or one that closes while waiting, offers the next route:
 * write to the unit, or call 1177.
 */
import { DropInEntryResponse, DropInStatusResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { formatClock } from '../../ui/datetime.js';
import { Alert, Button, ButtonLink, ErrorAlert, Spinner } from '../../ui/index.js';

type Entry = z.infer<typeof DropInEntryResponse>['data'];
const POLL_MS = 3000;

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
    },
  });
  const leave = useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/drop-in/entries/${id}/leave`, { body: {}, schema: DropInEntryResponse }).then((r) => r.data),
    onSuccess: store,
  });

  if (status.isPending) return <Spinner label={t('common:loading')} />;
  if (status.error) return <ErrorAlert error={status.error} />;
  const e = entry.data ?? first;
  const queue = status.data?.queue;

  if (!e) {
    if (!queue?.open) {
      return (
        <>
          <p>{t('dropIn.closed', { unit })}</p>
          <NextRoute unit={unit} />
        </>
      );
    }
    return (
      <>
        <p>{t('dropIn.open', { unit, time: formatClock(queue.closesAt, i18n.language) })}</p>
        <ErrorAlert error={join.error} />
        <Button onClick={() => join.mutate()} pending={join.isPending}>
          {t('dropIn.join')}
        </Button>
      </>
    );
  }

  switch (e.status) {
    case 'waiting':
      return (
        <>
          <div className="alert alert--info" role="status" aria-live="polite">
            <p className="alert__title">{t('dropIn.place', { position: e.position, count: e.position ?? 0 })}</p>
            <p className="alert__body">{t('dropIn.waitingBody', { waiting: e.waiting })}</p>
          </div>
          <ErrorAlert error={leave.error} />
          <Button variant="secondary" onClick={() => leave.mutate(e.id)} pending={leave.isPending}>
            {t('dropIn.leave')}
          </Button>
        </>
      );
    case 'called':
      return (
        <>
          <div className="alert alert--success" role="alert">
            <p className="alert__title">{t('dropIn.turn')}</p>
            <p className="alert__body">
              {e.answerBy ? t('dropIn.turnBody', { time: formatClock(e.answerBy, i18n.language) }) : null}
            </p>
          </div>
          <ErrorAlert error={answer.error} />
          {e.meetingId && (
            <Button onClick={() => answer.mutate(e.id)} pending={answer.isPending}>
              {t('dropIn.answer')}
            </Button>
          )}
        </>
      );
    case 'answered':
      return e.meetingId ? <ButtonLink to={`/video/${e.meetingId}`}>{t('dropIn.toMeeting')}</ButtonLink> : null;
    case 'removed':
      return (
        <Alert tone="warning" title={t(`dropIn.removed.${e.removedReason ?? 'left'}`)}>
          <NextRoute unit={unit} />
        </Alert>
      );
  }
}
