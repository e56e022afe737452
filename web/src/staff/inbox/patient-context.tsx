/**
 * The patient's context with the unit — bookings, invitations and other
 * conversations — behind a button: every view is written to the patient's
 * access log, so it is fetched only when someone asks for it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMessageTime } from '../../patient/messages/format.js';
import { Button, ErrorAlert, Spinner } from '../../ui/index.js';
import { usePatientContext } from './inbox-api.js';

export function PatientContext({ unitId, conversationId }: { unitId: string; conversationId: string }) {
  const { t, i18n } = useTranslation(['inbox', 'common']);
  const [open, setOpen] = useState(false);
  const context = usePatientContext(unitId, conversationId, open);
  const when = (iso: string) => formatMessageTime(iso, i18n.language);
  const data = context.data;
  return (
    <section aria-labelledby="patient-context-title" className="patient-context">
      <h2 id="patient-context-title">{t('context.title')}</h2>
      {!open ? (
        <>
          <p className="muted">{t('context.logged')}</p>
          <Button variant="secondary" onClick={() => setOpen(true)}>
            {t('context.show')}
          </Button>
        </>
      ) : (
        <div id="patient-context-body">
          <Button variant="link" onClick={() => setOpen(false)}>
            {t('context.hide')}
          </Button>
          {context.isPending && <Spinner label={t('common:loading')} />}
          <ErrorAlert error={context.error} />
          {data && (
            <>
              <p>
                {t('context.age', { count: data.patient.age })}{' '}
                <Link to={`/staff/patienter/${data.patient.personId}`}>{t('context.patientPage')}</Link>
              </p>
              <h3>{t('context.bookings')}</h3>
              {data.bookings.length === 0 ? (
                <p className="muted">{t('context.none')}</p>
              ) : (
                <ul>
                  {data.bookings.map((b) => (
                    <li key={b.id}>
                      {when(b.startsAt)} · {b.timeTypeName} ·{' '}
                      {t(`context.bookingStatus.${b.status}`, { defaultValue: b.status })}
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('context.invitations')}</h3>
              {data.invitations.length === 0 ? (
                <p className="muted">{t('context.none')}</p>
              ) : (
                <ul>
                  {data.invitations.map((x) => (
                    <li key={x.id}>
                      {x.title} · {when(x.createdAt)} · {x.status}
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('context.conversations')}</h3>
              {data.conversations.length === 0 ? (
                <p className="muted">{t('context.none')}</p>
              ) : (
                <ul>
                  {data.conversations.map((x) => (
                    <li key={x.id}>
                      <Link to={`/staff/inkorg/${x.id}`}>{x.subject}</Link> · {t(`status.${x.status}`)} ·{' '}
                      {when(x.lastActivityAt)}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
