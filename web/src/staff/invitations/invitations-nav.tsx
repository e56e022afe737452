/** The sub-navigation of "Kallelser och erbjudanden": Kallelser, Skicka kallelse, Erbjudanden, Nytt erbjudande. */
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useStaff } from '../../api/me.js';
import { canPublishTimes } from '../timebook/abilities.js';

export function InvitationsNav() {
  const { t } = useTranslation('invitations');
  const me = useStaff();
  return (
    <nav aria-label={t('nav.sub')} className="sub-nav">
      <ul>
        <li>
          <NavLink to="/staff/kallelser" end>
            {t('nav.invitations')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/staff/kallelser/ny">{t('nav.newInvitation')}</NavLink>
        </li>
        <li>
          <NavLink to="/staff/erbjudanden" end>
            {t('nav.offers')}
          </NavLink>
        </li>
        {me && canPublishTimes(me, me.activeUnitId) && (
          <li>
            <NavLink to="/staff/erbjudanden/nytt">{t('nav.newOffer')}</NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
