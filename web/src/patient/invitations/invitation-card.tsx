/** One invitation in "Kallelser och erbjudanden": what, for whom, where, the time or period, status, and the way in. */
import type { CitizenInvitation } from '@ingang/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../ui/index.js';
import { formatDayHeading, formatShortWhen, formatWhen } from '../booking/format.js';

/** "Måndag 4 maj kl. 09.10" for a fixed time, "4 maj – 18 maj" for a period. */
export function useInvitationWhen() {
  const { t, i18n } = useTranslation('invitations');
  return (invitation: Pick<CitizenInvitation, 'slot' | 'period' | 'bookedSlot'>) => {
    const slot = invitation.bookedSlot ?? invitation.slot;
    if (slot) return formatWhen(slot.start, i18n.language);
    if (invitation.period)
      return t('page.periodValue', {
        from: formatDayHeading(invitation.period.from, i18n.language),
        to: formatDayHeading(invitation.period.to, i18n.language),
      });
    return '–';
  };
}

export function InvitationCard({ invitation }: { invitation: CitizenInvitation }) {
  const { t, i18n } = useTranslation('invitations');
  const id = useId();
  const when = useInvitationWhen();
  const what = i18n.language.startsWith('en') ? invitation.timeType.nameEn : invitation.timeType.name;
  const open = invitation.status === 'proposed';
  return (
    <article
      className="card"
      aria-labelledby={`${id}-title`}
      data-testid="invitation"
      data-invitation-id={invitation.id}
      data-status={invitation.status}
    >
      <h3 id={`${id}-title`}>{what}</h3>
      <dl className="facts">
        <dt>{t('inbox.forWho')}</dt>
        <dd>{invitation.patient.name}</dd>
        <dt>{t('page.from')}</dt>
        <dd>{invitation.unit.name}</dd>
        <dt>{invitation.kind === 'fixed_time' || invitation.bookedSlot ? t('page.when') : t('page.period')}</dt>
        <dd>{when(invitation)}</dd>
        <dt>{t('page.status')}</dt>
        <dd data-testid="invitation-status">{t(`status.${invitation.status}`)}</dd>
      </dl>
      {open && (
        <p className="muted">{t('inbox.respondBy', { at: formatShortWhen(invitation.respondBy, i18n.language) })}</p>
      )}
      <div className="button-row">
        <ButtonLink
          variant={open ? 'primary' : 'secondary'}
          to={`/kallelser/${invitation.id}`}
          aria-label={t('inbox.openAria', { what, who: invitation.patient.name })}
        >
          {t('inbox.open')}
        </ButtonLink>
      </div>
    </article>
  );
}
