/** Deviation reports: everyone sees the list; second line acknowledges and forwards by e-mail per category. */
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';
import { deskApi, useAgentMe, useDeskMutation, useDeviations } from './desk-api.js';

export function DeviationsPage() {
  const { t } = useTranslation(['support', 'common']);
  usePageTitle(t('support:deviations.title'));
  const me = useAgentMe();
  const list = useDeviations();
  const forward = useDeskMutation((id: string) => deskApi.forward(id));
  return (
    <>
      <h1>{t('support:deviations.title')}</h1>
      {forward.error && <ErrorAlert error={forward.error} />}
      {list.isPending ? (
        <Spinner label={t('common:loading')} />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.data.deviations.length === 0 ? (
        <p>{t('support:deviations.none')}</p>
      ) : (
        <ul className="deviations">
          {list.data.deviations.map((d) => (
            <li key={d.id}>
              <p>
                <strong>{t(`support:deviations.categories.${d.category}`)}</strong> ·{' '}
                {t(`support:deviations.status.${d.status}`)} · {d.reportedBy}
              </p>
              <p>{d.description}</p>
              {d.caseReferences.length > 0 && <p className="muted">{d.caseReferences.join(', ')}</p>}
              {d.forwardedTo ? (
                <p>{t('support:deviations.forwarded', { to: d.forwardedTo })}</p>
              ) : (
                me.data?.line === 'second_line' && (
                  <Button variant="secondary" onClick={() => forward.mutate(d.id)} pending={forward.isPending}>
                    {t('support:deviations.forward')}
                  </Button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
