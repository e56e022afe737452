/**
 * Tillgänglighetsredogörelse (/tillganglighet): the accessibility statement Swedish public-sector
 * law (lagen om tillgänglighet till digital offentlig service) requires — how accessible the
 * service is, what is known not to meet WCAG 2.1 AA, and how to report a problem. Public.
 */
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../ui/index.js';
import { PatientLayout } from './patient-layout.js';

export function AccessibilityPage() {
  const { t } = useTranslation('accessibility');
  usePageTitle(t('title'));
  const known = t('known.items', { returnObjects: true }) as string[];
  const tested = t('tested.items', { returnObjects: true }) as string[];
  return (
    <PatientLayout>
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      <h2>{t('status.title')}</h2>
      <p>{t('status.text')}</p>
      <h2>{t('known.title')}</h2>
      <ul>
        {known.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h2>{t('tested.title')}</h2>
      <ul>
        {tested.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h2>{t('report.title')}</h2>
      <p>{t('report.text')}</p>
      <h2>{t('supervision.title')}</h2>
      <p>
        {t('supervision.text')} <a href="https://www.digg.se/tdosanmalan">{t('supervision.link')}</a>
      </p>
      <p className="muted">{t('updated')}</p>
    </PatientLayout>
  );
}
