/** "Lägg till personal": HSA-id, name, e-mail, title and roles; errors next to fields and in a summary. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors.js';
import { UNIT_ROLES, type UnitRole, useLabels } from '../staff/format.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { Button, Checkbox, ErrorAlert, TextField } from '../ui/index.js';
import { type AddStaffBody, useAddStaff } from './admin-api.js';

const FIELDS = ['hsaId', 'givenName', 'familyName', 'email', 'title', 'roles'] as const;
type Field = (typeof FIELDS)[number];
const id = (field: Field) => (field === 'roles' ? 'staff-role-clinician' : `staff-${field}`);
const empty: AddStaffBody = { hsaId: '', givenName: '', familyName: '', email: '', title: '', roles: [] };

export function AddStaffForm({
  unitId,
  appointUnitAdmin,
  onAdded,
}: {
  unitId: string;
  appointUnitAdmin: boolean;
  onAdded: (message: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const labels = useLabels();
  const add = useAddStaff(unitId);
  const [values, setValues] = useState<AddStaffBody>(empty);

  const errors = new Map<Field, string>();
  const error = add.error;
  if (error instanceof ApiError && error.status === 409 && error.code === 'hsa_id_taken') {
    errors.set('hsaId', t('admin:errors.staffHsaIdTaken'));
  } else if (error instanceof ApiError) {
    for (const name of Object.keys(error.fields)) {
      const top = name.split('.')[0] as Field;
      if (!FIELDS.includes(top)) continue;
      errors.set(top, t(`admin:errors.${top === 'email' ? 'staffEmail' : top}`));
    }
  }
  const summary = FIELDS.filter((f) => errors.has(f)).map((f) => ({ fieldId: id(f), message: errors.get(f) ?? '' }));
  const generalError = errors.size > 0 ? null : error;

  const text = (field: Exclude<Field, 'roles'>, label: string) => ({
    id: id(field),
    label,
    value: values[field],
    error: errors.get(field),
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value })),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(values, {
      onSuccess: (member) => {
        setValues(empty);
        onAdded(t('admin:staff.added', { name: `${member.givenName} ${member.familyName}` }));
      },
    });
  }

  function toggle(role: UnitRole, checked: boolean) {
    setValues((v) => ({ ...v, roles: checked ? [...v.roles, role] : v.roles.filter((r) => r !== role) }));
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-staff-title">
      <h2 id="add-staff-title">{t('admin:staff.addTitle')}</h2>
      <p>{t('admin:staff.addLead')}</p>
      <ErrorSummary title={t('admin:errors.summary')} items={summary} level={3} focusKey={error} />
      <ErrorAlert error={generalError} />
      <TextField {...text('hsaId', t('admin:staff.hsaIdField'))} hint={t('admin:staff.hsaIdHint')} spellCheck={false} />
      <div className="row-fields">
        <TextField {...text('givenName', t('admin:staff.givenName'))} autoComplete="off" />
        <TextField {...text('familyName', t('admin:staff.familyName'))} autoComplete="off" />
      </div>
      <TextField {...text('email', t('admin:staff.email'))} type="email" autoComplete="off" />
      <TextField {...text('title', t('admin:staff.titleField'))} hint={t('admin:staff.titleHint')} />
      <fieldset
        className={errors.has('roles') ? 'field--invalid' : undefined}
        aria-describedby={errors.has('roles') ? 'staff-roles-error' : undefined}
      >
        <legend>{t('admin:staff.rolesField')}</legend>
        {errors.has('roles') && (
          <p id="staff-roles-error" className="field__error">
            {errors.get('roles')}
          </p>
        )}
        {UNIT_ROLES.map((role) => (
          <Checkbox
            key={role}
            id={`staff-role-${role}`}
            label={labels.role(role)}
            hint={role === 'unit_admin' && !appointUnitAdmin ? t('admin:staff.adminRoleLocked') : undefined}
            disabled={role === 'unit_admin' && !appointUnitAdmin}
            checked={values.roles.includes(role)}
            onChange={(e) => toggle(role, e.target.checked)}
          />
        ))}
      </fieldset>
      <Button type="submit" pending={add.isPending} pendingLabel={t('common:saving')}>
        {t('admin:staff.addSubmit')}
      </Button>
    </form>
  );
}
