/** The dev SMS outbox: the text messages the server "sent" without a provider (GET/DELETE /api/dev/sms). */
import { DevSmsResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { formatDateTime } from '../ui/datetime.js';
import { Button, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';

const smsKey = ['dev', 'sms'];

export function SmsPage() {
  const { t, i18n } = useTranslation(['dev', 'common']);
  usePageTitle(t('dev:sms.title'));
  const client = useQueryClient();
  const sms = useQuery({
    queryKey: smsKey,
    queryFn: () => api.get('/api/dev/sms', { schema: DevSmsResponse }).then((r) => r.data),
    refetchInterval: 5000,
  });
  const clear = useMutation({
    mutationFn: () => api.delete('/api/dev/sms'),
    onSettled: () => void client.invalidateQueries({ queryKey: smsKey }),
  });
  return (
    <>
      <h1>{t('dev:sms.title')}</h1>
      <p>{t('dev:sms.lead')}</p>
      <div className="button-row">
        <Button variant="secondary" onClick={() => void sms.refetch()} pending={sms.isFetching}>
          {t('dev:mail.refresh')}
        </Button>
        <Button
          variant="danger"
          onClick={() => clear.mutate()}
          pending={clear.isPending}
          pendingLabel={t('dev:mail.clearing')}
          disabled={!sms.data?.length}
        >
          {t('dev:mail.clear')}
        </Button>
      </div>
      <ErrorAlert error={sms.error ?? clear.error} />
      {sms.isPending && <Spinner label={t('common:loading')} />}
      {sms.data?.length === 0 && <p>{t('dev:sms.empty')}</p>}
      <ul className="list-plain">
        {sms.data?.map((m) => (
          <li key={m.id} className="card">
            <h2>{t('dev:sms.to', { to: m.to })}</h2>
            <p className="muted">
              {t('dev:sms.from', { from: m.from })} · {formatDateTime(m.sentAt, i18n.language)}
            </p>
            <p className="mail-text">{m.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
