/** "Starta videomöte" on a day-list entry whose time type is a video visit. */
import { PublicTimeTypeListResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ButtonLink } from '../../ui/index.js';

interface Entry {
  bookingId: string;
  status: string;
  timeType: { id: string };
  patient: { name: string };
}

export function StartVideoLink({ entry }: { entry: Entry }) {
  const { t } = useTranslation('video');
  const types = useQuery({
    queryKey: ['time-types'],
    queryFn: () => api.get('/api/time-types', { schema: PublicTimeTypeListResponse }).then((r) => r.data),
    staleTime: 5 * 60_000,
  });
  const isVideo = types.data?.some((type) => type.id === entry.timeType.id && type.mode === 'video');
  if (!isVideo || (entry.status !== 'booked' && entry.status !== 'arrived')) return null;
  return (
    <p>
      <ButtonLink
        to={`/staff/video/bokning/${entry.bookingId}`}
        aria-label={t('join.startAria', { who: entry.patient.name })}
      >
        {t('join.start')}
      </ButtonLink>
    </p>
  );
}
