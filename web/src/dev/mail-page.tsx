/** The dev mailbox: what the server "sent" (GET /api/dev/mail), and "Töm" (DELETE /api/dev/mail). */
import { DevMailResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { formatDateTime } from '../ui/datetime.js';
import { Button, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';

const mailKey = ['dev', 'mail'];

export function MailPage() {
  const { t, i18n } = useTranslation(['dev', 'common']);
  usePageTitle(t('dev:mail.title'));
  const client = useQueryClient();
  const mail = useQuery({
    queryKey: mailKey,
    queryFn: () => api.get('/api/dev/mail', { schema: DevMailResponse }).then((r) => r.data),
    refetchInterval: 5000,
  });
  const clear = useMutation({
    mutationFn: () => api.delete('/api/dev/mail'),
    onSettled: () => void client.invalidateQueries({ queryKey: mailKey }),
  });
  return (
    <>
      <h1>{t('dev:mail.title')}</h1>
      <p>{t('dev:mail.lead')}</p>
      <div className="button-row">
        <Button variant="secondary" onClick={() => void mail.refetch()} pending={mail.isFetching}>
          {t('dev:mail.refresh')}
        </Button>
        <Button
          variant="danger"
          onClick={() => clear.mutate()}
          pending={clear.isPending}
          pendingLabel={t('dev:mail.clearing')}
          disabled={!mail.data?.length}
        >
          {t('dev:mail.clear')}
        </Button>
      </div>
      <ErrorAlert error={mail.error ?? clear.error} />
      {mail.isPending && <Spinner label={t('common:loading')} />}
      {mail.data?.length === 0 && <p>{t('dev:mail.empty')}</p>}
      <ul className="list-plain">
        {mail.data?.map((m) => (
          <li key={m.id} className="card">
            <h2>{m.subject}</h2>
            <p>
              {t('dev:mail.to')}: {m.to}
              <span className="muted"> · {formatDateTime(m.receivedAt, i18n.language)}</span>
            </p>
            <pre className="mail-text">{m.text}</pre>
          </li>
        ))}
      </ul>
    </>
  );
}
