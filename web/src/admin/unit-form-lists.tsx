/** The two repeating parts of the unit form: opening hours per weekday, and the list of services. */
import { useTranslation } from 'react-i18next';
import { capitalize, useLabels } from '../staff/format.js';
import { Button, Checkbox, TextField } from '../ui/index.js';
import { DAYS, type DayHours, hoursFieldId, serviceFieldId } from './unit-form-values.js';

type Errors = Map<string, { id: string; message: string }>;

/** A fieldset per weekday: "open" checkbox, then opening and closing time when open. */
export function OpeningHoursFields({
  hours,
  onChange,
  errors,
}: {
  hours: DayHours[];
  onChange: (hours: DayHours[]) => void;
  errors: Errors;
}) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const set = (index: number, patch: Partial<DayHours>) =>
    onChange(hours.map((h, i) => (i === index ? { ...h, ...patch } : h)));
  return (
    <fieldset>
      <legend>
        <h2>{t('form.hoursTitle')}</h2>
      </legend>
      <p className="field__hint">{t('form.hoursHint')}</p>
      {errors.get('openingHours') && <p className="field__error">{errors.get('openingHours')?.message}</p>}
      {DAYS.map((day, index) => {
        const h = hours[index] ?? { open: false, opens: '', closes: '' };
        const name = labels.weekday(day);
        const error = errors.get(`hours-${day}`)?.message;
        return (
          <fieldset key={day} className="hours-row">
            <legend>{capitalize(name)}</legend>
            <Checkbox
              id={hoursFieldId(day, 'open')}
              label={t('form.open', { day: name })}
              checked={h.open}
              onChange={(e) => set(index, { open: e.target.checked })}
            />
            {h.open && (
              <div className="row-fields">
                <TextField
                  id={hoursFieldId(day, 'opens')}
                  type="time"
                  label={t('form.opens', { day: name })}
                  value={h.opens}
                  onChange={(e) => set(index, { opens: e.target.value })}
                  error={error}
                />
                <TextField
                  id={hoursFieldId(day, 'closes')}
                  type="time"
                  label={t('form.closes', { day: name })}
                  value={h.closes}
                  onChange={(e) => set(index, { closes: e.target.value })}
                />
              </div>
            )}
          </fieldset>
        );
      })}
    </fieldset>
  );
}

/** The services as a list of text fields with add and remove buttons. */
export function ServicesFields({
  services,
  onChange,
  errors,
}: {
  services: string[];
  onChange: (services: string[]) => void;
  errors: Errors;
}) {
  const { t } = useTranslation('admin');

  function add() {
    onChange([...services, '']);
    // Focus the new field once it is rendered.
    requestAnimationFrame(() => document.getElementById(serviceFieldId(services.length))?.focus());
  }

  function remove(index: number) {
    onChange(services.filter((_, i) => i !== index));
    requestAnimationFrame(() => document.getElementById('unit-add-service')?.focus());
  }

  return (
    <fieldset>
      <legend>
        <h2>{t('form.servicesTitle')}</h2>
      </legend>
      <p className="field__hint">{t('form.servicesHint')}</p>
      {errors.get('services') && <p className="field__error">{errors.get('services')?.message}</p>}
      {services.length === 0 && <p className="muted">{t('form.noServices')}</p>}
      {services.map((service, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position; ids follow it too.
        <div key={index} className="service-row">
          <TextField
            id={serviceFieldId(index)}
            label={t('form.service', { n: index + 1 })}
            value={service}
            maxLength={80}
            onChange={(e) => onChange(services.map((s, i) => (i === index ? e.target.value : s)))}
            error={errors.get(`service-${index}`)?.message}
          />
          <Button variant="secondary" onClick={() => remove(index)}>
            {t('form.removeService', { n: index + 1 })}
          </Button>
        </div>
      ))}
      <Button id="unit-add-service" variant="secondary" onClick={add}>
        {t('form.addService')}
      </Button>
    </fieldset>
  );
}
