/**
 * "Ändra roller": a dialog with the member's roles as checkboxes. Saving with
 * no role left removes the person from the unit, so that asks again first.
 */
import type { StaffMember } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from '../api/errors.js';
import { UNIT_ROLES, type UnitRole, useLabels } from '../staff/format.js';
import { Alert, Button, Checkbox, Dialog, ErrorAlert } from '../ui/index.js';
import { useSetRoles } from './admin-api.js';

type Member = z.infer<typeof StaffMember>;

export function RolesDialog({
  unitId,
  unitName,
  member,
  appointUnitAdmin,
  onClose,
  onSaved,
}: {
  unitId: string;
  unitName: string;
  member: Member;
  /** May grant or take away unit_admin (abilities from the staff list). */
  appointUnitAdmin: boolean;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const labels = useLabels();
  const setRoles = useSetRoles(unitId);
  const [roles, setRolesState] = useState<UnitRole[]>(member.roles);
  const [confirming, setConfirming] = useState(false);
  const name = `${member.givenName} ${member.familyName}`;

  function save() {
    if (roles.length === 0 && !confirming) {
      setConfirming(true);
      return;
    }
    setRoles.mutate(
      { staffId: member.staffId, roles },
      {
        onSuccess: () =>
          onSaved(roles.length === 0 ? t('admin:staff.removed', { name }) : t('admin:staff.rolesSaved', { name })),
      },
    );
  }

  const error = setRoles.error;
  const knownError =
    error instanceof ApiError && error.code === 'last_unit_admin'
      ? t('admin:errors.lastUnitAdmin')
      : error instanceof ApiError && error.code === 'region_admin_only'
        ? t('admin:errors.appointAdmin')
        : null;

  return (
    <Dialog
      open
      title={confirming ? t('admin:staff.confirmRemoveTitle', { name }) : t('admin:staff.changeRolesFor', { name })}
      onClose={onClose}
    >
      {knownError ? <Alert tone="error">{knownError}</Alert> : <ErrorAlert error={error} />}
      {confirming ? (
        <>
          <p>{t('admin:staff.confirmRemoveText', { name, unit: unitName })}</p>
          <div className="button-row">
            <Button variant="danger" onClick={save} pending={setRoles.isPending} pendingLabel={t('common:saving')}>
              {t('admin:staff.confirmRemove')}
            </Button>
            <Button variant="secondary" onClick={onClose} disabled={setRoles.isPending}>
              {t('common:cancel')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <fieldset>
            <legend>{t('admin:staff.rolesLegend')}</legend>
            <p className="field__hint">{t('admin:staff.rolesHint')}</p>
            {UNIT_ROLES.map((role) => (
              <Checkbox
                key={role}
                label={labels.role(role)}
                hint={role === 'unit_admin' && !appointUnitAdmin ? t('admin:staff.adminRoleLocked') : undefined}
                disabled={role === 'unit_admin' && !appointUnitAdmin}
                checked={roles.includes(role)}
                onChange={(e) => setRolesState((r) => (e.target.checked ? [...r, role] : r.filter((x) => x !== role)))}
              />
            ))}
          </fieldset>
          <div className="button-row">
            <Button onClick={save} pending={setRoles.isPending} pendingLabel={t('common:saving')}>
              {t('admin:staff.saveRoles')}
            </Button>
            <Button variant="secondary" onClick={onClose} disabled={setRoles.isPending}>
              {t('common:cancel')}
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
