/**
 * The fields of a publishing pattern: time type, date range, weekdays (a
 * fieldset of checkboxes), day start/end, interval, places, breaks, public
 * holidays and the publish moment. Errors appear next to their fields.
 */
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Select, TextField } from '../../ui/index.js';
import { useLabels } from '../format.js';
import { fieldId, type PatternValues } from './pattern-values.js';
import type { PublishableType } from './timebook-api.js';

export interface PatternFieldsProps {
  values: PatternValues;
  onChange: (update: (v: PatternValues) => PatternValues) => void;
  errors: Record<string, string>;
  types: PublishableType[];
}

export function PatternFields({ values, onChange, errors, types }: PatternFieldsProps) {
  const { t, i18n } = useTranslation('timebook');
  const labels = useLabels();
  const type = types.find((x) => x.id === values.timeTypeId);
  const set = (key: keyof PatternValues) => (e: { target: { value: string } }) =>
    onChange((v) => ({ ...v, [key]: e.target.value }));
  const input = (key: keyof PatternValues & string, label: string, extra: { hint?: string; type?: string } = {}) => ({
    id: fieldId(key),
    label,
    value: values[key] as string,
    error: errors[key],
    onChange: set(key),
    ...extra,
  });
  const weekdayError = errors.weekdays;

  return (
    <>
      <Select
        {...input('timeTypeId', t('publish.timeType'))}
        options={[
          { value: '', label: t('publish.chooseType') },
          ...types.map((x) => ({ value: x.id, label: i18n.language === 'en' ? x.nameEn : x.nameSv })),
        ]}
      />
      <div className="row-fields">
        <TextField {...input('startDate', t('publish.startDate'), { type: 'date' })} />
        <TextField {...input('endDate', t('publish.endDate'), { type: 'date' })} />
      </div>
      <fieldset
        className={`tb-weekdays${weekdayError ? ' field--invalid' : ''}`}
        aria-describedby={weekdayError ? `${fieldId('weekdays')}-error` : undefined}
      >
        <legend className="field__label">{t('publish.weekdays')}</legend>
        {weekdayError && (
          <p id={`${fieldId('weekdays')}-error`} className="field__error">
            {weekdayError}
          </p>
        )}
        {[1, 2, 3, 4, 5, 6, 7].map((day) => (
          <Checkbox
            key={day}
            id={day === 1 ? fieldId('weekdays') : `${fieldId('weekdays')}-${day}`}
            label={labels.weekday(day)}
            checked={values.weekdays.includes(day)}
            onChange={(e) => {
              const checked = e.target.checked;
              onChange((v) => ({
                ...v,
                weekdays: checked ? [...v.weekdays, day] : v.weekdays.filter((d) => d !== day),
              }));
            }}
          />
        ))}
      </fieldset>
      <div className="row-fields">
        <TextField {...input('dayStart', t('publish.dayStart'), { type: 'time' })} />
        <TextField {...input('dayEnd', t('publish.dayEnd'), { type: 'time', hint: t('publish.dayEndHint') })} />
      </div>
      <div className="row-fields">
        <TextField
          {...input('intervalMinutes', t('publish.interval'), {
            hint: type ? t('publish.intervalHint', { minutes: type.durationMinutes }) : undefined,
          })}
          inputMode="numeric"
        />
        <TextField
          {...input('places', t('publish.places'), {
            hint: t('publish.placesHintNoType'),
          })}
          inputMode="numeric"
        />
      </div>
      <fieldset className="tb-breaks" aria-describedby={errors.breaks ? `${fieldId('breaks')}-error` : undefined}>
        <legend className="field__label">{t('publish.breaks')}</legend>
        <p className="field__hint">{t('publish.breaksHint')}</p>
        {errors.breaks && (
          <p id={`${fieldId('breaks')}-error`} className="field__error">
            {errors.breaks}
          </p>
        )}
        {values.breaks.length === 0 && <p className="muted">{t('publish.noBreaks')}</p>}
        {values.breaks.map((b, i) => (
          <div key={b.key} className="tb-break-row">
            <TextField
              id={i === 0 ? fieldId('breaks') : `${fieldId('breaks')}-${b.key}`}
              label={t('publish.breakStart', { n: i + 1 })}
              type="time"
              value={b.start}
              onChange={(e) => {
                const value = e.target.value;
                onChange((v) => ({
                  ...v,
                  breaks: v.breaks.map((x) => (x.key === b.key ? { ...x, start: value } : x)),
                }));
              }}
            />
            <TextField
              label={t('publish.breakEnd', { n: i + 1 })}
              type="time"
              value={b.end}
              onChange={(e) => {
                const value = e.target.value;
                onChange((v) => ({ ...v, breaks: v.breaks.map((x) => (x.key === b.key ? { ...x, end: value } : x)) }));
              }}
            />
            <Button
              variant="secondary"
              onClick={() => onChange((v) => ({ ...v, breaks: v.breaks.filter((x) => x.key !== b.key) }))}
            >
              {t('publish.removeBreak', { n: i + 1 })}
            </Button>
          </div>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            onChange((v) => ({
              ...v,
              breaks: [...v.breaks, { key: Math.max(0, ...v.breaks.map((x) => x.key)) + 1, start: '', end: '' }],
            }))
          }
        >
          {t('publish.addBreak')}
        </Button>
      </fieldset>
      <Checkbox
        id={fieldId('skipPublicHolidays')}
        label={t('publish.skipHolidays')}
        hint={t('publish.skipHolidaysHint')}
        checked={values.skipPublicHolidays}
        onChange={(e) => {
          const checked = e.target.checked;
          onChange((v) => ({ ...v, skipPublicHolidays: checked }));
        }}
      />
      <fieldset className="tb-visible">
        <legend className="field__label">{t('publish.visibleFrom')}</legend>
        <p className="field__hint">{t('publish.visibleFromHint')}</p>
        <div className="row-fields">
          <TextField
            id={fieldId('visibleFrom')}
            label={t('publish.visibleDate')}
            type="date"
            value={values.visibleDate}
            error={errors.visibleFrom}
            onChange={set('visibleDate')}
          />
          <TextField
            id={fieldId('visibleTime')}
            label={t('publish.visibleTime')}
            type="time"
            value={values.visibleTime}
            onChange={set('visibleTime')}
          />
        </div>
      </fieldset>
    </>
  );
}
