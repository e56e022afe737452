/**
 * /staff/video — the staff member's video meetings: start an ad-hoc meeting
 * now for a patient picked by personnummer (required for a one-to-one meeting;
 * `?patient=<personId>` preselects one), and open the ones they are in.
 */
import type { StaffMe, VideoMeetingKind } from '@ingang/contracts';
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { fieldError } from '../../api/errors.js';
import { Button, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { MeetingList } from '../../video/meeting-list.js';
import { useCreateMeeting, useMyMeetings } from '../../video/video-api.js';
import { StaffLayout } from '../staff-layout.js';
import { PatientPicker, type PickedPatient } from './patient-picker.js';
import '../../video/video.css';

const KINDS: VideoMeetingKind[] = ['one_to_one', 'multi_party', 'group'];

export function StaffMeetingsPage({ me }: { me: StaffMe }) {
  const { t } = useTranslation('video');
  usePageTitle(t('staff.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initialPatient = params.get('patient') ?? undefined;
  const [patient, setPatientState] = useState<PickedPatient | null>(null);
  const [patientError, setPatientError] = useState<string>();
  const setPatient = useCallback((p: PickedPatient | null) => {
    setPatientState(p);
    if (p) setPatientError(undefined);
  }, []);
  const unitName = me.units.find((u) => u.unitId === me.activeUnitId)?.name ?? '';
  const meetings = useMyMeetings();
  const create = useCreateMeeting();
  const [kind, setKind] = useState<VideoMeetingKind>('one_to_one');
  const [title, setTitle] = useState('');
  const [titleError, setTitleError] = useState<string>();
  const active = (meetings.data ?? []).filter((m) => m.status !== 'ended');

  function submit(event: FormEvent) {
    event.preventDefault();
    const missingPatient = kind === 'one_to_one' && !patient;
    setPatientError(missingPatient ? t('startFor.required') : undefined);
    setTitleError(title.trim() ? undefined : t('staff.topicRequired'));
    if (missingPatient || !title.trim()) {
      // The first field in error takes the focus.
      document.getElementById(missingPatient ? 'video-patient-pnr' : 'video-topic')?.focus();
      return;
    }
    create.mutate(
      { kind, title: title.trim(), durationMinutes: 30, ...(patient ? { patientId: patient.personId } : {}) },
      { onSuccess: (m) => navigate(`/staff/video/${m.id}`) },
    );
  }

  return (
    <StaffLayout>
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.lead')}</p>
      <form onSubmit={submit} noValidate className="card" aria-label={t('staff.create')}>
        <Select
          label={t('staff.kind')}
          value={kind}
          options={KINDS.map((k) => ({ value: k, label: t(`staff.kinds.${k}`) }))}
          onChange={(e) => setKind(e.target.value as VideoMeetingKind)}
        />
        <PatientPicker
          initialPersonId={initialPatient}
          unitName={unitName}
          value={patient}
          onChange={setPatient}
          error={patientError}
        />
        <TextField
          id="video-topic"
          label={t('staff.topic')}
          hint={t('staff.topicHint')}
          value={title}
          maxLength={120}
          error={titleError ?? fieldError(create.error, 'title')}
          onChange={(e) => setTitle(e.target.value)}
        />
        <ErrorAlert error={create.error} />
        <Button type="submit" pending={create.isPending} pendingLabel={t('staff.creating')}>
          {t('staff.create')}
        </Button>
      </form>
      <h2>{t('staff.mine')}</h2>
      {meetings.isPending && <Spinner label={t('meeting.connecting')} />}
      <ErrorAlert error={meetings.error} />
      {meetings.data &&
        (active.length === 0 ? (
          <p className="muted">{t('staff.noMeetings')}</p>
        ) : (
          <MeetingList meetings={active} hrefOf={(m) => `/staff/video/${m.id}`} />
        ))}
    </StaffLayout>
  );
}
