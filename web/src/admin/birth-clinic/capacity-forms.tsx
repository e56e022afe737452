/** Capacity: a clinic's yearly plan, and adjusting or closing one week (with a reason). */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldTexts } from '../../api/errors.js';
import { Alert, Button, Checkbox, ErrorAlert, Select, TextField } from '../../ui/index.js';
import { useAdminClinics, useCapacityChange } from './birth-clinic-api.js';

const fieldsOf = (e: unknown) => fieldTexts(e);

export function CapacityForms({ year }: { year: number }) {
  const { t } = useTranslation('birth-clinic');
  const clinics = useAdminClinics(year);
  const plan = useCapacityChange();
  const week = useCapacityChange();
  const [clinicId, setClinicId] = useState('');
  const [births, setBirths] = useState('');
  const [weekKey, setWeekKey] = useState('');
  const [capacity, setCapacity] = useState('');
  const [closed, setClosed] = useState(false);
  const [reason, setReason] = useState('');
  const list = clinics.data ?? [];
  const chosen = list.find((c) => c.id === clinicId) ?? list[0];
  const planFields = fieldsOf(plan.error);
  const weekFields = fieldsOf(week.error);

  function savePlan(event: FormEvent) {
    event.preventDefault();
    if (chosen)
      plan.mutate({ path: `${chosen.id}/plans/${year}`, body: { births: Number(births || chosen.yearlyBirths || 0) } });
  }
  function saveWeek(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    week.mutate({
      path: `${chosen.id}/weeks/${encodeURIComponent(weekKey.trim())}`,
      body: { capacity: capacity === '' ? null : Number(capacity), closed, reason },
    });
  }

  return (
    <section aria-labelledby="bc-capacity">
      <h2 id="bc-capacity">{t('admin.capacityTitle')}</h2>
      <ErrorAlert error={clinics.error} />
      <Select
        id="bc-admin-clinic"
        label={t('admin.clinic')}
        value={chosen?.id ?? ''}
        onChange={(e) => setClinicId(e.target.value)}
        options={list.map((c) => ({ value: c.id, label: `${c.name} (${c.yearlyBirths ?? '–'})` }))}
      />
      <form onSubmit={savePlan} noValidate>
        {plan.isSuccess && <Alert tone="success">{t('admin.saved')}</Alert>}
        {Object.keys(planFields).length === 0 && <ErrorAlert error={plan.error} />}
        <TextField
          id="bc-births"
          inputMode="numeric"
          label={`${t('admin.yearly')} ${year}`}
          value={births}
          placeholder={String(chosen?.yearlyBirths ?? '')}
          error={planFields.births ?? planFields['body.births']}
          onChange={(e) => setBirths(e.target.value)}
        />
        <Button type="submit" pending={plan.isPending}>
          {t('admin.savePlan')}
        </Button>
      </form>
      <form onSubmit={saveWeek} noValidate>
        <h3>{t('admin.weekTitle')}</h3>
        {week.isSuccess && <Alert tone="success">{t('admin.saved')}</Alert>}
        {Object.keys(weekFields).length === 0 && <ErrorAlert error={week.error} />}
        {weekFields.capacity && <Alert tone="error">{week.error?.message}</Alert>}
        <TextField
          id="bc-week-key"
          label={t('admin.week')}
          value={weekKey}
          error={weekFields['params.week'] ?? weekFields.week}
          onChange={(e) => setWeekKey(e.target.value)}
        />
        <TextField
          id="bc-week-capacity"
          inputMode="numeric"
          label={t('admin.weekCapacity')}
          value={capacity}
          error={weekFields.capacity}
          onChange={(e) => setCapacity(e.target.value)}
        />
        <Checkbox
          id="bc-week-closed"
          label={t('admin.closedLabel')}
          checked={closed}
          onChange={(e) => setClosed(e.target.checked)}
        />
        <TextField
          id="bc-week-reason"
          label={t('admin.reason')}
          value={reason}
          error={weekFields.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <Button type="submit" pending={week.isPending}>
          {t('admin.saveWeek')}
        </Button>
      </form>
    </section>
  );
}
