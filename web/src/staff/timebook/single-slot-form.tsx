/** "Lägg till en enstaka tid": one time of a type on a date and time, with optional places. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors.js';
import { formatWallClock } from '../../ui/datetime.js';
import { Alert, Button, ErrorAlert, Select, TextField } from '../../ui/index.js';
import { capitalize } from '../format.js';
import { addDays, formatDate, stockholmInstant, todayInStockholm } from './dates.js';
import { type PublishableType, usePublishOne } from './timebook-api.js';

export function SingleSlotForm({ unitId, types }: { unitId: string; types: PublishableType[] }) {
  const { t, i18n } = useTranslation(['timebook', 'common']);
  const publish = usePublishOne(unitId);
  const [typeId, setTypeId] = useState(types.length === 1 ? (types[0]?.id ?? '') : '');
  const [date, setDate] = useState(addDays(todayInStockholm(), 1));
  const [time, setTime] = useState('09:00');
  const [places, setPlaces] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = publish.error instanceof ApiError ? publish.error.fields : {};
  const typeRefused =
    publish.error instanceof ApiError && ['time_type_not_allowed', 'time_type_retired'].includes(publish.error.code);
  const errors: Record<string, string | undefined> = {
    ...fields,
    ...(typeRefused ? { timeTypeId: (publish.error as ApiError).message } : {}),
    ...local,
  };
  const general = publish.error && !typeRefused && Object.keys(fields).length === 0 ? publish.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!typeId) found.timeTypeId = t('publish.errors.timeType');
    if (!date) found.start = t('publish.errors.date');
    else if (!time) found.start = t('publish.errors.time');
    if (places.trim() && !/^\d+$/.test(places.trim())) found.places = t('publish.errors.whole');
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    publish.mutate({
      timeTypeId: typeId,
      start: stockholmInstant(date, time),
      places: places.trim() ? Number(places) : undefined,
    });
  }

  return (
    <section aria-labelledby="tb-single-title">
      <h2 id="tb-single-title">{t('single.title')}</h2>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={general} />
        <Select
          id="tb-single-type"
          label={t('publish.timeType')}
          value={typeId}
          error={errors.timeTypeId}
          onChange={(e) => setTypeId(e.target.value)}
          options={[
            { value: '', label: t('publish.chooseType') },
            ...types.map((x) => ({ value: x.id, label: i18n.language === 'en' ? x.nameEn : x.nameSv })),
          ]}
        />
        <div className="row-fields">
          <TextField
            id="tb-single-date"
            label={t('single.date')}
            type="date"
            value={date}
            error={errors.start}
            onChange={(e) => setDate(e.target.value)}
          />
          <TextField
            id="tb-single-time"
            label={t('single.time')}
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
          />
          <TextField
            id="tb-single-places"
            label={t('publish.places')}
            hint={t('publish.placesHintNoType')}
            inputMode="numeric"
            value={places}
            error={errors.places}
            onChange={(e) => setPlaces(e.target.value)}
          />
        </div>
        <div className="button-row">
          <Button type="submit" variant="secondary" pending={publish.isPending} pendingLabel={t('publish.publishing')}>
            {t('single.submit')}
          </Button>
        </div>
      </form>
      {publish.data && (
        <Alert tone="success">
          {t('single.done', {
            date: capitalize(formatDate(publish.data.localDate, i18n.language)),
            time: formatWallClock(publish.data.localTime, i18n.language),
            places: publish.data.capacity,
          })}
        </Alert>
      )}
    </section>
  );
}
