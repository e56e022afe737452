/**
 * "Starta videomöte" on the staff patient page and the conversation page: creates
 * a one-to-one meeting for that patient now and opens it (device check first).
 * The server refuses (403) unless the active unit has a care relationship with
 * the patient, and logs the start.
 */
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button, ErrorAlert } from '../../ui/index.js';
import { useCreateMeeting } from '../../video/video-api.js';
import '../../video/video.css';

export function StartVideoButton({
  patientId,
  patientName,
  title,
}: {
  patientId: string;
  patientName: string;
  title?: string;
}) {
  const { t } = useTranslation('video');
  const navigate = useNavigate();
  const create = useCreateMeeting();
  return (
    <div className="video-start">
      <Button
        variant="secondary"
        pending={create.isPending}
        pendingLabel={t('staff.creating')}
        aria-label={t('startFor.buttonAria', { name: patientName })}
        onClick={() =>
          create.mutate(
            {
              kind: 'one_to_one',
              // The title is what the patient sees on "Mina bokningar"; 120 characters at most.
              title: (title?.trim() || t('startFor.defaultTitle')).slice(0, 120),
              durationMinutes: 30,
              patientId,
            },
            { onSuccess: (m) => navigate(`/staff/video/${m.id}`) },
          )
        }
      >
        {t('startFor.button')}
      </Button>
      <ErrorAlert error={create.error} />
    </div>
  );
}
