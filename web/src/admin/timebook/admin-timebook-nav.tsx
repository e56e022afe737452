/** The region timebook administration's sub-navigation: Tidstyper, Hälsodeklarationer. */
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

export function AdminTimebookNav() {
  const { t } = useTranslation('timebook');
  return (
    <nav aria-label={t('admin.nav.label')} className="sub-nav">
      <ul>
        <li>
          <NavLink to="/admin/tidstyper">{t('admin.nav.types')}</NavLink>
        </li>
        <li>
          <NavLink to="/admin/formular">{t('admin.nav.forms')}</NavLink>
        </li>
        <li>
          <NavLink to="/admin/triage">{t('triage:admin.title')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** True for region admins; the catalogue is region-wide. */
export const isRegionAdmin = (me: { abilities: { administerRegion: boolean } }) => me.abilities.administerRegion;
