/** "Har väntat i 2 dagar" — how long a patient's message has waited, in words. */
import { useTranslation } from 'react-i18next';
import { elapsed } from '../../patient/messages/format.js';

export function useWaitingText() {
  const { t } = useTranslation('inbox');
  return (since: string, now = Date.now()) => {
    const { days, hours, minutes } = elapsed(since, now);
    if (days >= 1) return t('waiting.days', { count: days });
    if (hours >= 1) return t('waiting.hours', { count: hours });
    return t('waiting.minutes', { count: minutes });
  };
}
