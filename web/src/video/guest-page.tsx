/**
 * /video/guest/:token — a guest (interpreter, relative, colleague elsewhere)
 * joins with a one-time link and their name; no account. An expired or used
 * link says so plainly.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api/errors.js';
import { Alert, ErrorAlert, PageLayout, Spinner, TextField, usePageTitle } from '../ui/index.js';
import { formatMeetingTime } from './format.js';
import { MeetingFlow } from './meeting-flow.js';
import { guestJoin, useGuestLink } from './video-api.js';

export function GuestMeetingPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation('video');
  usePageTitle(t('guest.title'));
  const link = useGuestLink(token);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const gone = link.error instanceof ApiError && (link.error.status === 410 || link.error.status === 404);
  return (
    <PageLayout>
      <h1>{link.data ? link.data.meetingTitle : t('guest.title')}</h1>
      {link.isPending && <Spinner label={t('meeting.connecting')} />}
      {gone ? <Alert tone="warning">{t('guest.expired')}</Alert> : <ErrorAlert error={link.error} />}
      {link.data && (
        <>
          <p>{t('guest.lead')}</p>
          {(link.data.startsAt || link.data.unitName) && (
            <dl className="facts">
              {link.data.startsAt && (
                <>
                  <dt>{t('list.when')}</dt>
                  <dd>{formatMeetingTime(link.data.startsAt, i18n.language)}</dd>
                </>
              )}
              {link.data.unitName && (
                <>
                  <dt>{t('list.unit')}</dt>
                  <dd>{link.data.unitName}</dd>
                </>
              )}
            </dl>
          )}
          <MeetingFlow
            getJoin={() => guestJoin(token, name.trim())}
            exit={{ href: '/', label: t('meeting.backToStart') }}
            validate={() => {
              const ok = name.trim().length > 0;
              setNameError(ok ? undefined : t('check.nameRequired'));
              return ok;
            }}
            checkFields={
              <TextField
                label={t('check.nameLabel')}
                hint={t('check.nameHint')}
                error={nameError}
                value={name}
                maxLength={80}
                autoComplete="name"
                onChange={(e) => setName(e.target.value)}
              />
            }
          />
        </>
      )}
    </PageLayout>
  );
}
