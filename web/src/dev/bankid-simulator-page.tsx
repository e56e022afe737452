/**
 * The BankID simulator (development only): lists pending orders and approves
 * one with a personnummer, or refuses it. Reached from the login page's
 * "Öppna BankID på den här enheten" link (?autostarttoken=…) or directly.
 */
import { DevBankIdOrdersResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { fieldError, hasFieldErrors } from '../api/errors.js';
import { formatClock } from '../ui/datetime.js';
import { Alert, Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../ui/index.js';
import { demoPeople } from './demo-people.js';

type Decision = { orderRef: string; action: 'approve' | 'refuse' };

export function BankIdSimulatorPage() {
  const { t, i18n } = useTranslation(['dev', 'common']);
  usePageTitle(t('dev:bankid.title'));
  const [params] = useSearchParams();
  const token = params.get('autostarttoken');
  const client = useQueryClient();
  const [personalNumber, setPersonalNumber] = useState('');
  const ordersKey = ['dev', 'bankid-orders', token];
  const orders = useQuery({
    queryKey: ordersKey,
    queryFn: () =>
      api
        .get(`/api/dev/bankid/orders${token ? `?autoStartToken=${encodeURIComponent(token)}` : ''}`, {
          schema: DevBankIdOrdersResponse,
        })
        .then((r) => r.data),
    refetchInterval: 2000,
  });
  const decide = useMutation({
    mutationFn: ({ orderRef, action }: Decision) =>
      action === 'approve'
        ? api.post('/api/dev/bankid/approve', { body: { orderRef, personalNumber: personalNumber.trim() } })
        : api.post('/api/dev/bankid/refuse', { body: { orderRef, hintCode: 'userCancel' } }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['dev', 'bankid-orders'] }),
  });
  const pending = orders.data?.filter((o) => o.status === 'pending') ?? [];
  const time = (iso: string) => formatClock(iso, i18n.language);

  return (
    <>
      <h1>{t('dev:bankid.title')}</h1>
      <p>{t('dev:bankid.lead')}</p>
      <TextField
        label={t('dev:bankid.personalNumber')}
        hint={t('dev:bankid.personalNumberHint')}
        inputMode="numeric"
        autoComplete="off"
        value={personalNumber}
        onChange={(e) => setPersonalNumber(e.target.value)}
        error={fieldError(decide.error, 'personalNumber')}
      />
      <fieldset>
        <legend>{t('dev:bankid.quickPick')}</legend>
        <div className="button-row">
          {demoPeople.map((p) => (
            <Button
              key={p.personalNumber}
              variant="secondary"
              aria-pressed={personalNumber === p.personalNumber}
              onClick={() => setPersonalNumber(p.personalNumber)}
            >
              {p.name}
              {p.note && <span className="muted"> ({p.note})</span>}
            </Button>
          ))}
        </div>
      </fieldset>
      {!hasFieldErrors(decide.error) && <ErrorAlert error={decide.error} />}
      {decide.isSuccess && (
        <Alert tone="success">
          {decide.variables.action === 'approve' ? t('dev:bankid.approved') : t('dev:bankid.refused')}
        </Alert>
      )}
      <h2>{t('dev:bankid.ordersTitle')}</h2>
      {token && (
        <p>
          {t('dev:bankid.filtered')} <Link to="/dev/bankid">{t('dev:bankid.showAll')}</Link>
        </p>
      )}
      {orders.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={orders.error} />
      {orders.data && pending.length === 0 && <p>{t('dev:bankid.none')}</p>}
      <ul className="list-plain">
        {pending.map((order) => (
          <li key={order.orderRef} className="card">
            <h3>{t('dev:bankid.order', { time: time(order.createdAt) })}</h3>
            {order.requestedPersonalNumber && <p>{t('dev:bankid.lockedTo', { pnr: order.requestedPersonalNumber })}</p>}
            <div className="button-row">
              <Button
                onClick={() => decide.mutate({ orderRef: order.orderRef, action: 'approve' })}
                pending={
                  decide.isPending &&
                  decide.variables.orderRef === order.orderRef &&
                  decide.variables.action === 'approve'
                }
                disabled={decide.isPending}
              >
                {t('dev:bankid.approve')}
              </Button>
              <Button
                variant="danger"
                onClick={() => decide.mutate({ orderRef: order.orderRef, action: 'refuse' })}
                pending={
                  decide.isPending &&
                  decide.variables.orderRef === order.orderRef &&
                  decide.variables.action === 'refuse'
                }
                disabled={decide.isPending}
              >
                {t('dev:bankid.refuse')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
