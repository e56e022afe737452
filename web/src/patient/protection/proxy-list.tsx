/** One list of ombud grants (given or received) with "Godkänn" and "Avsluta" as each grant's abilities allow. */
import type { ProxyGrant } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Dialog, ErrorAlert } from '../../ui/index.js';
import { formatIsoDate, formatPersonalNumber } from './format.js';
import { useProxyAction } from './use-proxies.js';

export function ProxyList({ grants, side }: { grants: ProxyGrant[]; side: 'given' | 'received' }) {
  const { t } = useTranslation('protection');
  const accept = useProxyAction('accept');
  const end = useProxyAction('end');
  const [confirming, setConfirming] = useState<ProxyGrant | null>(null);
  const other = (g: ProxyGrant) => (side === 'given' ? g.ombud : g.grantor);

  if (grants.length === 0) {
    return <p>{side === 'given' ? t('proxies.givenEmpty') : t('proxies.receivedEmpty')}</p>;
  }
  return (
    <>
      {accept.isSuccess && <Alert tone="success">{t('proxies.accepted', { name: accept.data.grantor.name })}</Alert>}
      {end.isSuccess && <Alert tone="success">{t('proxies.ended')}</Alert>}
      <ErrorAlert error={accept.error ?? end.error} />
      <ul className="list-plain" data-testid={`proxies-${side}`}>
        {grants.map((grant) => (
          <li key={grant.id} className="card" data-testid="proxy">
            <h3>{other(grant).name}</h3>
            <dl className="facts">
              <dt>{t('proxies.status')}</dt>
              <dd data-testid="proxy-status">{t(`proxies.statuses.${grant.status}`)}</dd>
              <dt>{side === 'given' ? t('proxies.ombud') : t('proxies.grantor')}</dt>
              <dd>{formatPersonalNumber(other(grant).personalNumber)}</dd>
              <dt>{t('proxies.scopes')}</dt>
              <dd>{grant.scopes.map((s) => t(`scopes.${s}`)).join(', ')}</dd>
              <dt>{t('proxies.validUntil')}</dt>
              <dd>
                <ValidUntil date={grant.validUntil} />
              </dd>
            </dl>
            {grant.registeredByStaff && <p className="muted">{t('proxies.registeredByStaff')}</p>}
            {(grant.abilities.accept || grant.abilities.end) && (
              <div className="button-row">
                {grant.abilities.accept && (
                  <Button
                    onClick={() => accept.mutate(grant.id)}
                    pending={accept.isPending && accept.variables === grant.id}
                    pendingLabel={t('proxies.accepting')}
                    aria-label={t('proxies.acceptLabel', { name: grant.grantor.name })}
                  >
                    {t('proxies.accept')}
                  </Button>
                )}
                {grant.abilities.end && (
                  <Button
                    variant="danger"
                    onClick={() => setConfirming(grant)}
                    aria-label={t('proxies.endLabel', { name: other(grant).name })}
                  >
                    {t('proxies.end')}
                  </Button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      <Dialog open={confirming !== null} title={t('proxies.confirmTitle')} onClose={() => setConfirming(null)}>
        {confirming && (
          <>
            <p>
              {side === 'given'
                ? t('proxies.confirmText', { name: other(confirming).name })
                : t('proxies.confirmTextReceived', { name: other(confirming).name })}
            </p>
            <div className="button-row">
              <Button
                variant="danger"
                pending={end.isPending}
                pendingLabel={t('proxies.ending')}
                onClick={() => end.mutate(confirming.id, { onSettled: () => setConfirming(null) })}
              >
                {t('proxies.confirmEnd')}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(null)}>
                {t('common:cancel')}
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}

function ValidUntil({ date }: { date: string }) {
  const { i18n } = useTranslation();
  return <>{formatIsoDate(date, i18n.language)}</>;
}
