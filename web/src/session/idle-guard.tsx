/**
 * Idle timeout for a logged-in session. The server ends a session after
 * `idleSeconds` without requests; this mirrors that clock from the last
 * successful API response, warns two minutes before, and at expiry logs out
 * and goes to `homePath` with the "expired" notice.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, onApiActivity } from '../api/client.js';
import { Button, Dialog, ErrorAlert } from '../ui/index.js';
import { leaveSession } from './logout.js';

const WARN_BEFORE_SECONDS = 120;

export function IdleGuard({ idleSeconds, homePath = '/' }: { idleSeconds: number; homePath?: string }) {
  const { t } = useTranslation('common');
  const [lastActivity, setLastActivity] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [pending, setPending] = useState<'keep' | 'logout' | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => onApiActivity(() => setLastActivity(Date.now())), []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const remaining = idleSeconds - (now - lastActivity) / 1000;
  const expired = remaining <= 0;
  const warning = !expired && remaining <= WARN_BEFORE_SECONDS;

  useEffect(() => {
    if (!expired) return;
    // The server has already ended the session; the call only clears cookies.
    void api
      .post('/api/auth/logout')
      .catch(() => undefined)
      .then(() => leaveSession(homePath, 'expired'));
  }, [expired, homePath]);

  async function keepAlive() {
    setPending('keep');
    setError(null);
    try {
      await api.post('/api/auth/keepalive');
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  }

  async function logout() {
    setPending('logout');
    await api.post('/api/auth/logout').catch(() => undefined);
    leaveSession(homePath, 'loggedOut');
  }

  return (
    <Dialog open={warning} alert title={t('session.warningTitle')} onClose={() => void keepAlive()}>
      <p>{t('session.warningText', { minutes: Math.max(1, Math.ceil(remaining / 60)) })}</p>
      <ErrorAlert error={error} />
      <div className="button-row">
        <Button onClick={() => void keepAlive()} pending={pending === 'keep'}>
          {t('session.keepAlive')}
        </Button>
        <Button variant="secondary" onClick={() => void logout()} pending={pending === 'logout'}>
          {t('session.logout')}
        </Button>
      </div>
    </Dialog>
  );
}
