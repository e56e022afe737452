/** "Open now / chat now / we answer by …" from the live figures, and suggested articles. */
import type { ArticleSummary } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../ui/datetime.js';
import { Alert } from '../../ui/index.js';
import { useSupportStatus } from './api.js';

const when = (iso: string, lang: string) => formatDateTime(iso, lang, { weekday: true, year: false });

export function SupportStatusLine() {
  const { t, i18n } = useTranslation('support');
  const { data } = useSupportStatus();
  if (!data) return null;
  if (!data.open)
    return (
      <Alert tone="info">{t('contact.closed', { time: data.opensAt ? when(data.opensAt, i18n.language) : '' })}</Alert>
    );
  return (
    <Alert tone="info">
      <p>{data.chatNow ? t('contact.chatNow') : t('contact.openNow', { minutes: data.typicalWaitMinutes })}</p>
      {!data.chatNow && data.answerBy && <p>{t('contact.answerBy', { time: when(data.answerBy, i18n.language) })}</p>}
    </Alert>
  );
}

export function Suggestions({ articles }: { articles: ArticleSummary[] }) {
  const { t } = useTranslation('support');
  if (articles.length === 0) return null;
  return (
    <section aria-labelledby="support-suggestions" className="support-suggestions">
      <h2 id="support-suggestions">{t('contact.suggestionsTitle')}</h2>
      <ul>
        {articles.map((a) => (
          <li key={`${a.slug}-${a.locale}`}>
            <Link to={`/hjalp/${a.slug}?lang=${a.locale}`}>{a.title}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
