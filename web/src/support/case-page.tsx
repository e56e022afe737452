/** One case for an agent: the conversation with notes, answering, escalating, closing, merging, bookings, deviations. */
import type { DeviationCategory } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatDateTime } from '../ui/datetime.js';
import { Alert, Button, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../ui/index.js';
import { AnswerBox } from './answer-box.js';
import { type AgentCaseData, deskApi, useAgentCase, useAgentMe, useDeskMutation, useQueue } from './desk-api.js';

function Messages({ c }: { c: AgentCaseData }) {
  const { t } = useTranslation('support');
  return (
    <ol className="support-chat" aria-live="polite">
      {c.messages.map((m) => (
        <li key={m.id} className={`support-chat__msg support-chat__msg--${m.author}`}>
          <p className="support-chat__who">
            {m.author === 'citizen'
              ? (c.contactName ?? t('case.citizen'))
              : m.author === 'system'
                ? t('case.system')
                : m.author === 'note'
                  ? `${t('case.note')}${m.authorName ? ` – ${m.authorName}` : ''}`
                  : m.authorName}
          </p>
          <p className="support-chat__body">{m.body}</p>
          {m.attachmentsRefused > 0 && (
            <p className="muted">{t('case.attachmentsRefused', { count: m.attachmentsRefused })}</p>
          )}
        </li>
      ))}
    </ol>
  );
}

function Escalate({ c }: { c: AgentCaseData }) {
  const { t } = useTranslation('support');
  const [note, setNote] = useState('');
  const esc = useDeskMutation(() => deskApi.escalate(c.id, note));
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        esc.mutate(undefined);
      }}
    >
      <h2>{t('case.escalate')}</h2>
      {esc.error && <ErrorAlert error={esc.error} />}
      <TextField label={t('case.escalateNote')} value={note} onChange={(e) => setNote(e.target.value)} />
      <Button type="submit" variant="secondary" pending={esc.isPending} disabled={!note.trim()}>
        {t('case.escalate')}
      </Button>
    </form>
  );
}

function Merge({ c }: { c: AgentCaseData }) {
  const { t } = useTranslation('support');
  const open = useQueue('new');
  const mine = useQueue('mine');
  const others = [...(open.data?.cases ?? []), ...(mine.data?.cases ?? [])].filter(
    (o, i, all) => o.id !== c.id && all.findIndex((x) => x.id === o.id) === i,
  );
  const [target, setTarget] = useState('');
  const merge = useDeskMutation(() => deskApi.merge(c.id, target));
  if (others.length === 0) return null;
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        merge.mutate(undefined);
      }}
    >
      <h2>{t('case.merge')}</h2>
      {merge.error && <ErrorAlert error={merge.error} />}
      <Select
        label={t('case.mergeTarget')}
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        options={[
          { value: '', label: '–' },
          ...others.map((o) => ({ value: o.id, label: `${o.reference}: ${o.subject}` })),
        ]}
      />
      <Button type="submit" variant="secondary" disabled={!target} pending={merge.isPending}>
        {t('case.mergeButton')}
      </Button>
    </form>
  );
}

function Bookings({ c }: { c: AgentCaseData }) {
  const { t, i18n } = useTranslation('support');
  const [reason, setReason] = useState('');
  const list = useDeskMutation(() => deskApi.bookings(c.id, reason));
  const cancel = useDeskMutation((bookingId: string) => deskApi.cancelBooking(c.id, bookingId, reason));
  return (
    <section aria-labelledby="bookings-h" className="stack">
      <h2 id="bookings-h">{t('case.bookings')}</h2>
      <TextField
        label={t('case.bookingsReason')}
        hint={t('case.bookingsHint')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        variant="secondary"
        onClick={() => list.mutate(undefined)}
        disabled={reason.trim().length < 5}
        pending={list.isPending}
      >
        {t('case.showBookings')}
      </Button>
      {list.error && <ErrorAlert error={list.error} />}
      {cancel.error && <ErrorAlert error={cancel.error} />}
      {list.data &&
        (list.data.bookings.length === 0 ? (
          <p>{t('case.noBookings')}</p>
        ) : (
          <ul>
            {list.data.bookings.map((b) => (
              <li key={b.id}>
                {b.timeTypeName}, {b.unitName}, {formatDateTime(b.startsAt, i18n.language)} ({b.status}){' '}
                {b.cancellable && b.status === 'booked' && (
                  <>
                    <Button
                      variant="danger"
                      onClick={() => cancel.mutate(b.id, { onSuccess: () => list.mutate(undefined) })}
                    >
                      {t('case.cancelBooking')}
                    </Button>
                    <Rebook caseId={c.id} bookingId={b.id} reason={reason} onDone={() => list.mutate(undefined)} />
                  </>
                )}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** Another free time of the same type for one booking, chosen by the agent (the booking rules apply on the server). */
function Rebook(props: { caseId: string; bookingId: string; reason: string; onDone: () => void }) {
  const { t, i18n } = useTranslation('support');
  const [slotId, setSlotId] = useState('');
  const times = useDeskMutation(() => deskApi.freeTimes(props.caseId, props.bookingId, props.reason));
  const rebook = useDeskMutation(() => deskApi.rebook(props.caseId, props.bookingId, slotId, props.reason));
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  if (!times.data)
    return (
      <>
        <Button variant="secondary" onClick={() => times.mutate(undefined)} pending={times.isPending}>
          {t('case.rebook')}
        </Button>
        {times.error && <ErrorAlert error={times.error} />}
      </>
    );
  if (times.data.times.length === 0) return <p>{t('case.noFreeTimes')}</p>;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        rebook.mutate(undefined, { onSuccess: props.onDone });
      }}
    >
      <Select
        label={t('case.newTime')}
        value={slotId}
        onChange={(e) => setSlotId(e.target.value)}
        options={[
          { value: '', label: t('case.chooseTime') },
          ...times.data.times.map((x) => ({ value: x.slotId, label: `${when(x.startsAt)}, ${x.unitName}` })),
        ]}
      />
      {rebook.error && <ErrorAlert error={rebook.error} />}
      <Button type="submit" disabled={!slotId} pending={rebook.isPending}>
        {t('case.rebookButton')}
      </Button>
    </form>
  );
}

function ReportDeviation({ c }: { c: AgentCaseData }) {
  const { t } = useTranslation('support');
  const [category, setCategory] = useState<DeviationCategory>('technical');
  const [description, setDescription] = useState('');
  const report = useDeskMutation(() => deskApi.report({ category, description, caseIds: [c.id] }));
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        report.mutate(undefined, { onSuccess: () => setDescription('') });
      }}
    >
      <h2>{t('deviations.report')}</h2>
      {report.error && <ErrorAlert error={report.error} />}
      {report.isSuccess && <p role="status">{t('case.sent')}</p>}
      <Select
        label={t('deviations.category')}
        value={category}
        onChange={(e) => setCategory(e.target.value as DeviationCategory)}
        options={(['technical', 'operational', 'supply'] as const).map((v) => ({
          value: v,
          label: t(`deviations.categories.${v}`),
        }))}
      />
      <TextField
        label={t('deviations.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <Button type="submit" variant="secondary" disabled={!description.trim()} pending={report.isPending}>
        {t('deviations.send')}
      </Button>
    </form>
  );
}

export function CasePage() {
  const { t } = useTranslation(['support', 'common']);
  const { id = '' } = useParams();
  const c = useAgentCase(id);
  const me = useAgentMe();
  const take = useDeskMutation(() => deskApi.take(id));
  const close = useDeskMutation(() => deskApi.close(id));
  usePageTitle(c.data ? t('support:case.title', { reference: c.data.reference }) : t('support:desk.brand'));
  if (c.isPending) return <Spinner label={t('common:loading')} />;
  if (c.error) return <ErrorAlert error={c.error} />;
  const k = c.data;
  const open = !['closed', 'merged'].includes(k.status);
  const firstLine = me.data?.line === 'first_line';
  return (
    <>
      <h1>{t('support:case.title', { reference: k.reference })}</h1>
      <p>
        <strong>{k.subject}</strong> · {t(`support:status.${k.status}`)} · {t(`support:desk.channel.${k.channel}`)} ·{' '}
        {k.identified
          ? t('support:case.identified')
          : t('support:case.notIdentified', { email: k.contactEmail ?? '–' })}{' '}
        · <span className={`sla-badge sla-badge--${k.sla}`}>{t(`support:desk.sla.${k.sla}`)}</span>
      </p>
      {k.escalationNote && <Alert tone="warning">{t('support:case.escalationNote', { note: k.escalationNote })}</Alert>}
      {k.rating !== null && <p>{t('support:case.rating', { rating: k.rating })}</p>}
      <Messages c={k} />
      {open && !k.mine && (
        <Button variant="secondary" onClick={() => take.mutate(undefined)} pending={take.isPending}>
          {t('support:case.take')}
        </Button>
      )}
      {take.error && <ErrorAlert error={take.error} />}
      {open && <AnswerBox caseId={k.id} placeholders={k.placeholders} />}
      {open && firstLine && k.status !== 'escalated' && <Escalate c={k} />}
      {open && (
        <Button variant="secondary" onClick={() => close.mutate(undefined)} pending={close.isPending}>
          {t('support:case.close')}
        </Button>
      )}
      {close.error && <ErrorAlert error={close.error} />}
      {open && <Merge c={k} />}
      {open && k.canSeeBookings && <Bookings c={k} />}
      <ReportDeviation c={k} />
    </>
  );
}
