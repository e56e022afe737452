/** "Ombud och fullmakter" (/profil/ombud): grants I gave, grants given to me, and a new grant. */
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { PatientLayout } from '../patient-layout.js';
import { ProxyForm } from './proxy-form.js';
import { ProxyList } from './proxy-list.js';
import { useProxies } from './use-proxies.js';

export function ProxiesPage() {
  const { t } = useTranslation('protection');
  usePageTitle(t('proxies.title'));
  const proxies = useProxies();
  return (
    <PatientLayout>
      <h1>{t('proxies.title')}</h1>
      <p>{t('proxies.intro')}</p>
      {proxies.isPending && <Spinner label={t('proxies.loading')} />}
      <ErrorAlert error={proxies.error} />
      {proxies.data && (
        <>
          <section aria-labelledby="proxies-received-title">
            <h2 id="proxies-received-title">{t('proxies.receivedTitle')}</h2>
            <ProxyList grants={proxies.data.received} side="received" />
          </section>
          <section aria-labelledby="proxies-given-title">
            <h2 id="proxies-given-title">{t('proxies.givenTitle')}</h2>
            <ProxyList grants={proxies.data.given} side="given" />
          </section>
        </>
      )}
      <ProxyForm />
    </PatientLayout>
  );
}
