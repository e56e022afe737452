/** "Aviseringar på den här enheten": turn web push for new messages on or off (on a click only). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from '../../ui/index.js';
import { disablePush, enablePush, type PushState, pushState } from './push.js';

export function PushSection() {
  const { t } = useTranslation('messages');
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    pushState().then(
      (s) => live && setState(s),
      () => live && setState('off'),
    );
    return () => {
      live = false;
    };
  }, []);

  async function run(action: () => Promise<PushState>) {
    setBusy(true);
    setFailed(false);
    try {
      setState(await action());
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  if (state === null) return null;
  return (
    <section aria-labelledby="push-title">
      <h2 id="push-title">{t('push.title')}</h2>
      <p>{t('push.lead')}</p>
      <div role="status">
        {state === 'on' && <p data-testid="push-state">{t('push.on')}</p>}
        {state === 'off' && <p data-testid="push-state">{t('push.off')}</p>}
        {state === 'denied' && <p data-testid="push-state">{t('push.denied')}</p>}
        {state === 'unsupported' && <p data-testid="push-state">{t('push.unsupported')}</p>}
      </div>
      {failed && <Alert tone="error">{t('push.failed')}</Alert>}
      {state === 'off' && (
        <Button variant="secondary" pending={busy} pendingLabel={t('push.working')} onClick={() => run(enablePush)}>
          {t('push.enable')}
        </Button>
      )}
      {state === 'on' && (
        <Button variant="secondary" pending={busy} pendingLabel={t('push.working')} onClick={() => run(disablePush)}>
          {t('push.disable')}
        </Button>
      )}
    </section>
  );
}
