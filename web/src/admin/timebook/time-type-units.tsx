/** "Enheter som får publicera": a checkbox per unit, saved together (PUT …/units). */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, ErrorAlert, Spinner } from '../../ui/index.js';
import { useAdminUnits } from '../admin-api.js';
import { type AdminTimeType, useSetTypeUnits } from './timebook-admin-api.js';

export function TypeUnits({ type }: { type: AdminTimeType }) {
  const { t } = useTranslation(['timebook', 'common']);
  const units = useAdminUnits();
  const save = useSetTypeUnits(type.id);
  const [chosen, setChosen] = useState(() => new Set(type.unitIds));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate([...chosen]);
  }

  return (
    <section aria-labelledby="tt-units-title">
      <h2 id="tt-units-title">{t('admin.units.title')}</h2>
      {!units.data ? (
        units.error ? (
          <ErrorAlert error={units.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : (
        <form onSubmit={submit}>
          <fieldset className="tb-weekdays">
            <legend className="field__label">{t('admin.units.legend')}</legend>
            {units.data.map((u) => (
              <Checkbox
                key={u.id}
                label={u.name}
                checked={chosen.has(u.id)}
                onChange={(e) => {
                  const on = e.target.checked;
                  setChosen((prev) => {
                    const next = new Set(prev);
                    if (on) next.add(u.id);
                    else next.delete(u.id);
                    return next;
                  });
                  save.reset();
                }}
              />
            ))}
          </fieldset>
          <ErrorAlert error={save.error} />
          {save.isSuccess && <Alert tone="success">{t('admin.units.saved', { count: chosen.size })}</Alert>}
          <div className="button-row">
            <Button type="submit" pending={save.isPending} pendingLabel={t('common:saving')}>
              {t('admin.units.save')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
