/** /admin/enheter/:unitId/personal: the unit's staff and roles, role changes, and adding staff. */
import type { Unit } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../staff/format.js';
import { DataTable } from '../ui/data-table.js';
import { Button, ErrorAlert, Spinner } from '../ui/index.js';
import { AddStaffForm } from './add-staff-form.js';
import { useUnitStaff } from './admin-api.js';
import { AdminUnitFrame } from './admin-frame.js';
import { RolesDialog } from './roles-dialog.js';

function StaffSection({ unit }: { unit: Unit }) {
  const { t } = useTranslation(['admin', 'common']);
  const labels = useLabels();
  const staff = useUnitStaff(unit.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (!staff.data) {
    return staff.error ? <ErrorAlert error={staff.error} /> : <Spinner label={t('common:loading')} />;
  }
  const { data: members, abilities } = staff.data;
  const member = members.find((m) => m.staffId === editing);

  return (
    <>
      {/* Always mounted, so the success message is announced when it changes. */}
      <div role="status">{notice && <p className="alert alert--success">{notice}</p>}</div>
      <h2>{t('admin:staff.title')}</h2>
      {members.length === 0 ? (
        <p>{t('admin:staff.none')}</p>
      ) : (
        <DataTable
          caption={t('admin:staff.caption', { unit: unit.name })}
          rows={members}
          rowKey={(m) => m.staffId}
          columns={[
            {
              key: 'name',
              header: t('admin:staff.name'),
              render: (m) => (
                <>
                  {m.givenName} {m.familyName}
                  {!m.active && <span className="muted"> {t('admin:staff.inactiveAccount')}</span>}
                </>
              ),
            },
            { key: 'hsaId', header: t('admin:staff.hsaId'), render: (m) => m.hsaId },
            { key: 'title', header: t('admin:staff.titleCol'), render: (m) => m.title || '–' },
            { key: 'roles', header: t('admin:staff.roles'), render: (m) => labels.roles(m.roles) },
            {
              key: 'actions',
              header: t('admin:staff.actions'),
              render: (m) =>
                abilities.manageStaff ? (
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setNotice(null);
                      setEditing(m.staffId);
                    }}
                    aria-label={t('admin:staff.changeRolesFor', { name: `${m.givenName} ${m.familyName}` })}
                  >
                    {t('admin:staff.changeRoles')}
                  </Button>
                ) : (
                  '–'
                ),
            },
          ]}
        />
      )}
      {member && (
        <RolesDialog
          unitId={unit.id}
          unitName={unit.name}
          member={member}
          appointUnitAdmin={abilities.appointUnitAdmin}
          onClose={() => setEditing(null)}
          onSaved={(message) => {
            setEditing(null);
            setNotice(message);
          }}
        />
      )}
      {abilities.manageStaff && (
        <AddStaffForm unitId={unit.id} appointUnitAdmin={abilities.appointUnitAdmin} onAdded={setNotice} />
      )}
    </>
  );
}

export function UnitStaffPage({ unitId }: { unitId: string }) {
  const { t } = useTranslation('admin');
  return (
    <AdminUnitFrame unitId={unitId} section={t('staff.title')}>
      {(unit) => <StaffSection unit={unit} />}
    </AdminUnitFrame>
  );
}
