/**
 * A list of meetings with "Anslut" (or when joining opens): the patient's
 * booked and invited video meetings, and the staff member's own.
 */
import type { VideoMeeting } from '@ingang/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink, ProtectedMarker } from '../ui/index.js';
import { formatMeetingTime } from './format.js';

export function MeetingList({ meetings, hrefOf }: { meetings: VideoMeeting[]; hrefOf: (m: VideoMeeting) => string }) {
  return (
    <ul className="list-plain video-meetings">
      {meetings.map((m) => (
        <li key={m.id}>
          <MeetingCard meeting={m} href={hrefOf(m)} />
        </li>
      ))}
    </ul>
  );
}

function MeetingCard({ meeting, href }: { meeting: VideoMeeting; href: string }) {
  const { t, i18n } = useTranslation('video');
  const id = useId();
  const when = meeting.startsAt ? formatMeetingTime(meeting.startsAt, i18n.language) : '';
  return (
    <article className="card" aria-labelledby={`${id}-title`} data-testid="video-meeting" data-meeting-id={meeting.id}>
      <h3 id={`${id}-title`}>{meeting.title}</h3>
      <dl className="facts">
        {when && (
          <>
            <dt>{t('list.when')}</dt>
            <dd>{when}</dd>
          </>
        )}
        {meeting.patient && (
          <>
            <dt>{t('list.who')}</dt>
            <dd>
              {meeting.patient.name}
              <ProtectedMarker protectedIdentity={meeting.patient.protectedIdentity} />
            </dd>
          </>
        )}
        {meeting.unit && (
          <>
            <dt>{t('list.unit')}</dt>
            <dd>{meeting.unit.name}</dd>
          </>
        )}
      </dl>
      {meeting.canJoin ? (
        <ButtonLink to={href} aria-label={t('join.connectAria', { what: meeting.title, when })}>
          {t('join.connect')}
        </ButtonLink>
      ) : meeting.joinOpensAt ? (
        <p className="muted">{t('join.opensAt', { at: formatMeetingTime(meeting.joinOpensAt, i18n.language) })}</p>
      ) : null}
    </article>
  );
}
