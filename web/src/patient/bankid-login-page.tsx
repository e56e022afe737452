/**
 * BankID login (RP API v6 flow through our server): start an order, show the
 * animated QR (new payload every second), poll collect every 2 s and show
 * BankID's recommended message in a polite live region. Leaving the page
 * cancels a pending order and stops all polling.
 */
import { BankIdAuthResponse, BankIdCollectResponse, BankIdQrResponse } from '@ingang/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { api } from '../api/client.js';
import { refreshMe } from '../api/me.js';
import { useDevMode } from '../session/dev-mode.js';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';
import { BankIdQr } from './bankid-qr.js';
import { PatientLayout } from './patient-layout.js';

type Order = z.infer<typeof BankIdAuthResponse>;
type Collect = z.infer<typeof BankIdCollectResponse>;
type Phase =
  | { kind: 'starting' }
  | { kind: 'pending'; order: Order }
  | { kind: 'failed'; message: string }
  | { kind: 'error'; error: unknown }
  | { kind: 'complete' };

/** Only same-site paths, never `//host` or a full URL (no open redirect). */
export function safeReturnTo(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/hem';
}

export function BankIdLoginPage() {
  const { t } = useTranslation(['patient', 'common']);
  usePageTitle(t('patient:bankid.title'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const dev = useDevMode();
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [collect, setCollect] = useState<Collect | null>(null);
  const [qrData, setQrData] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const live = useRef<{ orderRef: string | null; done: boolean }>({ orderRef: null, done: false });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Start an order (again on "Försök igen"); cancel it if the page is left while it is pending.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the trigger for a new order.
  useEffect(() => {
    let active = true;
    setPhase({ kind: 'starting' });
    setCollect(null);
    setQrData(null);
    live.current = { orderRef: null, done: false };
    api.post('/api/auth/bankid/auth', { body: {}, schema: BankIdAuthResponse }).then(
      (order) => {
        live.current.orderRef = order.orderRef;
        if (active) setPhase({ kind: 'pending', order });
        else void cancelOrder(order.orderRef);
      },
      (error: unknown) => active && setPhase({ kind: 'error', error }),
    );
    return () => {
      active = false;
      const { orderRef, done } = live.current;
      if (orderRef && !done) void cancelOrder(orderRef);
    };
  }, [attempt]);

  const orderRef = phase.kind === 'pending' ? phase.order.orderRef : null;

  // The animated QR: a new payload every second while the order is pending.
  useEffect(() => {
    if (!orderRef) return;
    let active = true;
    const refresh = () =>
      api.post('/api/auth/bankid/qr', { body: { orderRef }, schema: BankIdQrResponse }).then(
        (r) => active && setQrData(r.qrData),
        () => undefined,
      );
    void refresh();
    const timer = setInterval(refresh, 1000);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [orderRef]);

  // Collect every two seconds until the order completes or fails.
  useEffect(() => {
    if (!orderRef) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const result = await api.post('/api/auth/bankid/collect', {
          body: { orderRef },
          schema: BankIdCollectResponse,
        });
        if (!active) return;
        setCollect(result);
        if (result.status === 'complete') {
          live.current.done = true;
          setPhase({ kind: 'complete' });
          // Setting the phase ends this effect (orderRef → null): go on only if the page is still shown.
          await refreshMe();
          if (mounted.current) navigate(returnTo, { replace: true });
          return;
        }
        if (result.status === 'failed') {
          live.current.done = true;
          setPhase({ kind: 'failed', message: result.message });
          return;
        }
      } catch (error) {
        if (!active) return;
        live.current.done = true;
        setPhase({ kind: 'error', error });
        return;
      }
      timer = setTimeout(poll, 2000);
    };
    timer = setTimeout(poll, 2000);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [orderRef, navigate, returnTo]);

  async function cancel() {
    setCancelling(true);
    const { orderRef: ref, done } = live.current;
    live.current.done = true;
    if (ref && !done) await cancelOrder(ref);
    navigate('/');
  }

  const autoStartToken = phase.kind === 'pending' ? phase.order.autoStartToken : null;
  const openHref = autoStartToken
    ? dev
      ? `/dev/bankid?autostarttoken=${encodeURIComponent(autoStartToken)}`
      : `bankid:///?autostarttoken=${encodeURIComponent(autoStartToken)}&redirect=null`
    : null;
  // Once the app has read the QR (userSign), the code is no longer needed.
  const showQr = phase.kind === 'pending' && qrData && collect?.hintCode !== 'userSign';
  const steps = t('patient:bankid.scanSteps', { returnObjects: true }) as string[];

  return (
    <PatientLayout>
      <h1>{t('patient:bankid.title')}</h1>
      <p className="bankid-status" role="status" aria-live="polite">
        {phase.kind === 'complete'
          ? t('patient:bankid.complete')
          : phase.kind === 'pending'
            ? (collect?.message ?? '')
            : ''}
      </p>
      {phase.kind === 'starting' && <Spinner label={t('patient:bankid.starting')} />}
      {phase.kind === 'failed' && (
        <Alert tone="error" title={t('patient:bankid.failedTitle')}>
          {phase.message}
        </Alert>
      )}
      {phase.kind === 'error' && <ErrorAlert error={phase.error} />}
      {phase.kind === 'pending' && (
        <>
          <h2>{t('patient:bankid.scanTitle')}</h2>
          <ol>
            {steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          {showQr ? (
            <BankIdQr data={qrData} label={t('patient:bankid.qrLabel')} />
          ) : (
            !collect && <Spinner label={t('common:loading')} />
          )}
          {openHref && (
            <p className="button-row">
              {dev ? (
                <Link to={openHref} target="_blank" className="button button--secondary">
                  {t('patient:bankid.openOnDevice')}
                </Link>
              ) : (
                <a href={openHref} className="button button--secondary">
                  {t('patient:bankid.openOnDevice')}
                </a>
              )}
            </p>
          )}
          {dev && <p className="muted">{t('patient:bankid.devNote')}</p>}
        </>
      )}
      <div className="button-row">
        {(phase.kind === 'failed' || phase.kind === 'error') && (
          <Button onClick={() => setAttempt((a) => a + 1)}>{t('common:tryAgain')}</Button>
        )}
        {phase.kind !== 'complete' && (
          <Button
            variant="secondary"
            onClick={() => void cancel()}
            pending={cancelling}
            pendingLabel={t('patient:bankid.cancelling')}
          >
            {t('patient:bankid.cancel')}
          </Button>
        )}
      </div>
    </PatientLayout>
  );
}

function cancelOrder(orderRef: string) {
  return api.post('/api/auth/bankid/cancel', { body: { orderRef } }).catch(() => undefined);
}
