/** The timebook's sub-navigation: Kalender, Publicera tider (for publishers), Dagslista. */
import type { StaffMe } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { canPublishTimes } from './abilities.js';

export function TimebookNav({ me }: { me: StaffMe }) {
  const { t } = useTranslation('timebook');
  return (
    <nav aria-label={t('nav.label')} className="sub-nav no-print">
      <ul>
        <li>
          <NavLink to="/staff/tidbok" end>
            {t('nav.calendar')}
          </NavLink>
        </li>
        {canPublishTimes(me, me.activeUnitId) && (
          <li>
            <NavLink to="/staff/tidbok/publicera">{t('nav.publish')}</NavLink>
          </li>
        )}
        <li>
          <NavLink to="/staff/dagslista">{t('nav.dayList')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
