/**
 * "Du kan sköta ärenden åt": everyone in `me.actingFor` with a button that
 * acts for them and opens their page — the keyboard-friendly twin of the
 * header switcher. Nothing when there is nobody.
 */
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../ui/index.js';
import { useActingFor } from '../acting-for.js';

export function ActingForSection() {
  const { t } = useTranslation('patient');
  const { options, actFor } = useActingFor();
  const navigate = useNavigate();
  if (options.length === 0) return null;
  return (
    <section aria-labelledby="acting-for-title">
      <h2 id="acting-for-title">{t('profile.actingForTitle')}</h2>
      <p>{t('profile.actingForText')}</p>
      <ul className="list-plain">
        {options.map((o) => (
          <li key={o.personId} className="button-row">
            <Button
              variant="secondary"
              onClick={() => {
                actFor(o.personId);
                navigate(`/for/${o.personId}`);
              }}
            >
              {t('profile.actFor', { name: o.name })}
            </Button>
            <span>({t(`actingFor.relation.${o.relation}`)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
