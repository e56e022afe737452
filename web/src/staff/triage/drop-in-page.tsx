/**
 * /staff/drop-in — the active unit's drop-in queue, as video or as chat: open it until a
 * time (the next time the clock shows it: after midnight when it has passed today — the
 * form says which day), see how many wait per urgency (no names until taken), take the
 * next patient (the server starts the video meeting) and see their triage
 * answers at once; close the queue (everyone waiting is told).
 */
import { DropInTakenResponse, StaffDropInResponse, StaffTriageViewResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { formatUntil, nextStockholmTime } from '../../ui/datetime.js';
import { Alert, Button, ErrorAlert, ProtectedMarker, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { StaffLayout } from '../staff-layout.js';
import { TriageSessionView } from './staff-triage-page.js';

function TakenPatient({
  sessionId,
  meetingId,
  conversationId,
  name,
}: {
  sessionId: string;
  meetingId: string | null;
  conversationId: string | null;
  name: string;
}) {
  const { t } = useTranslation(['triage', 'common']);
  const heading = useRef<HTMLHeadingElement>(null);
  const view = useQuery({
    queryKey: ['triage', 'staff-session', sessionId],
    queryFn: () =>
      api.get(`/api/staff/triage/sessions/${sessionId}`, { schema: StaffTriageViewResponse }).then((r) => r.data),
  });
  const [changed, setChanged] = useState<typeof view.data>();
  useEffect(() => heading.current?.focus(), []);
  const data = changed ?? view.data;
  return (
    <section aria-labelledby="drop-in-taken">
      <h2 id="drop-in-taken" ref={heading} tabIndex={-1}>
        {t('dropIn.staff.taken', { name })}
      </h2>
      {meetingId && (
        <p>
          <Link className="button button--primary" to={`/staff/video/${meetingId}`}>
            {t('dropIn.staff.openMeeting')}
          </Link>
        </p>
      )}
      {conversationId && (
        <p>
          <Link className="button button--primary" to={`/staff/inkorg/${conversationId}`}>
            {t('dropIn.staff.openChat')}
          </Link>
        </p>
      )}
      {view.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={view.error} />
      {data && <TriageSessionView view={data} onChange={setChanged} />}
    </section>
  );
}

export function DropInPage() {
  const { t, i18n } = useTranslation(['triage', 'common']);
  usePageTitle(t('dropIn.staff.title'));
  const client = useQueryClient();
  const key = ['triage', 'drop-in-staff'];
  const overview = useQuery({
    queryKey: key,
    queryFn: () => api.get('/api/staff/drop-in', { schema: StaffDropInResponse }).then((r) => r.data),
    refetchInterval: 10_000,
  });
  const [closesAt, setClosesAt] = useState('16:30');
  const [minutes, setMinutes] = useState('3');
  const [kind, setKind] = useState<'video' | 'chat'>('video');
  const [invalid, setInvalid] = useState<string>();
  const set = (data: NonNullable<typeof overview.data>) => client.setQueryData(key, data);
  const open = useMutation({
    mutationFn: (body: { closesAt: string; answerMinutes: number; kind: 'video' | 'chat' }) =>
      api.post('/api/staff/drop-in/open', { body, schema: StaffDropInResponse }).then((r) => r.data),
    onSuccess: set,
  });
  const close = useMutation({
    mutationFn: () =>
      api.post('/api/staff/drop-in/close', { body: {}, schema: StaffDropInResponse }).then((r) => r.data),
    onSuccess: set,
  });
  const [taken, setTaken] = useState<{
    sessionId: string;
    meetingId: string | null;
    conversationId: string | null;
    name: string;
  }>();
  const take = useMutation({
    mutationFn: () =>
      api.post('/api/staff/drop-in/take', { body: {}, schema: DropInTakenResponse }).then((r) => r.data),
    onSuccess: (data) => {
      setTaken(data);
      void overview.refetch();
    },
  });

  const onOpen = (event: FormEvent) => {
    event.preventDefault();
    const at = nextStockholmTime(closesAt);
    const n = Number(minutes);
    if (!at) return setInvalid('closesAt');
    if (!Number.isInteger(n) || n < 1 || n > 60) return setInvalid('minutes');
    setInvalid(undefined);
    open.mutate({ closesAt: at.toISOString(), answerMinutes: n, kind });
  };

  const queue = overview.data?.queue;
  // Which day the entered time falls on (today, or tomorrow when it has passed), said as the field is filled.
  const closesOn = nextStockholmTime(closesAt);
  return (
    <StaffLayout>
      <h1>{t('dropIn.staff.title')}</h1>
      <p>{t('dropIn.staff.lead')}</p>
      {overview.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={overview.error} />
      {overview.data && !queue && (
        <form onSubmit={onOpen} noValidate>
          <h2>{t('dropIn.staff.openTitle')}</h2>
          <RadioGroup
            legend={t('dropIn.staff.kind')}
            name="drop-in-kind"
            value={kind}
            onChange={(v) => setKind(v === 'chat' ? 'chat' : 'video')}
            options={[
              { value: 'video', label: t('dropIn.staff.kindVideo') },
              { value: 'chat', label: t('dropIn.staff.kindChat') },
            ]}
          />
          <TextField
            label={t('dropIn.staff.closesAt')}
            hint={
              closesOn
                ? t('dropIn.staff.closesAtWhen', { time: formatUntil(closesOn, i18n.language) })
                : t('dropIn.staff.closesAtHint')
            }
            type="time"
            value={closesAt}
            onChange={(e) => setClosesAt(e.target.value)}
            error={invalid === 'closesAt' ? t('dropIn.staff.closesAtInvalid') : undefined}
          />
          <TextField
            label={t('dropIn.staff.answerMinutes')}
            hint={t('dropIn.staff.answerMinutesHint')}
            inputMode="numeric"
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            error={invalid === 'minutes' ? t('dropIn.staff.answerMinutesInvalid') : undefined}
          />
          <ErrorAlert error={open.error} />
          <Button type="submit" pending={open.isPending}>
            {t('dropIn.staff.open')}
          </Button>
        </form>
      )}
      {queue && (
        <>
          <Alert
            tone="info"
            title={t(queue.kind === 'chat' ? 'dropIn.staff.isOpenChat' : 'dropIn.staff.isOpen', {
              time: formatUntil(queue.closesAt, i18n.language),
            })}
          >
            <p>{t('dropIn.staff.waiting', { count: queue.waiting })}</p>
          </Alert>
          {queue.byUrgency.length > 0 && (
            <div className="table-scroll">
              <table className="data-table">
                <caption>{t('dropIn.staff.byUrgency')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('outcome.urgency')}</th>
                    <th scope="col">{t('dropIn.staff.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.byUrgency.map((u) => (
                    <tr key={u.urgency}>
                      <th scope="row">{t(`urgency.${u.urgency}`)}</th>
                      <td>{u.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ErrorAlert error={take.error ?? close.error} />
          <div className="button-row">
            <Button onClick={() => take.mutate()} pending={take.isPending} disabled={queue.waiting === 0}>
              {t('dropIn.staff.take')}
            </Button>
            <Button variant="secondary" onClick={() => close.mutate()} pending={close.isPending}>
              {t('dropIn.staff.close')}
            </Button>
          </div>
        </>
      )}
      {taken && <TakenPatient key={taken.sessionId} {...taken} />}
      {overview.data && overview.data.taken.length > 0 && (
        <section aria-labelledby="drop-in-mine">
          <h2 id="drop-in-mine">{t('dropIn.staff.mine')}</h2>
          <ul>
            {overview.data.taken.map((p) => (
              <li key={p.entryId}>
                <Link to={`/staff/triage/${p.sessionId}`}>{p.name}</Link>
                <ProtectedMarker protectedIdentity={p.protectedIdentity} />{' '}
                {p.meetingId && (
                  <Link to={`/staff/video/${p.meetingId}`}>{t('dropIn.staff.meetingOf', { name: p.name })}</Link>
                )}
                {p.conversationId && (
                  <Link to={`/staff/inkorg/${p.conversationId}`}>{t('dropIn.staff.chatOf', { name: p.name })}</Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </StaffLayout>
  );
}
