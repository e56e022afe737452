/**
 * The protected-identity marker (skyddad identitet) staff see beside a person
 * wherever a page names one (issue 19, item 10). Written out as text — not
 * only a colour or a symbol — so it is read aloud and survives high contrast;
 * the shield is decoration. Renders nothing for everybody else.
 */
import { useTranslation } from 'react-i18next';

export function ProtectedMarker({ protectedIdentity }: { protectedIdentity: boolean | undefined | null }) {
  const { t } = useTranslation('common');
  if (!protectedIdentity) return null;
  return (
    <>
      {' '}
      <strong className="protected-marker" data-testid="protected-marker">
        <span aria-hidden="true" className="protected-marker__icon">
          ⛨
        </span>
        {t('protectedIdentity')}
      </strong>
    </>
  );
}
