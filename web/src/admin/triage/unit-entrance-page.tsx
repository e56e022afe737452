/**
 * /admin/enheter/:unitId/triage — the unit's switches for "En väg in": the
 * routing facts triage uses (which routes the unit offers, an age range, night
 * unit, open on public holidays) and the region's errand templates with this
 * unit's choice (offered or not, its own response-time goal, the inbox topic).
 * Unit administrators and region administrators; the night unit is the
 * region's choice. Errors are named next to each field and in a summary.
 */
import {
  MessagingSettingsResponse,
  type Unit,
  UnitErrandTypesResponse,
  UnitTriageSettingsResponse,
} from '@ingang/contracts';
import { REGION_ERRAND_TEMPLATES } from '@ingang/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client.js';
import { ApiError, fieldError } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, Checkbox, ErrorAlert, Select, Spinner, TextField } from '../../ui/index.js';
import { AdminUnitFrame } from '../admin-frame.js';

type Routing = z.infer<typeof UnitTriageSettingsResponse>['data'];
type ErrandRow = z.infer<typeof UnitErrandTypesResponse>['data'][number];
type Topic = z.infer<typeof MessagingSettingsResponse>['data']['topics'][number];

const OFFERS = ['message_unit', 'drop_in_video', 'book_time'] as const;
const routingKey = (unitId: string) => ['admin', 'unit-triage', unitId] as const;
const errandKey = (unitId: string) => ['admin', 'unit-errand-types', unitId] as const;

/** '' → null; a whole number 0–N → the number; anything else → undefined (invalid). */
function wholeNumber(text: string, max: number): number | null | undefined {
  const s = text.trim();
  if (!s) return null;
  if (!/^\d{1,3}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= max ? n : undefined;
}

function RoutingForm({ unitId, initial, regionAdmin }: { unitId: string; initial: Routing; regionAdmin: boolean }) {
  const { t } = useTranslation(['triage', 'common']);
  const client = useQueryClient();
  const [offers, setOffers] = useState<string[]>(initial.offers);
  const [ageMin, setAgeMin] = useState(initial.ageMin?.toString() ?? '');
  const [ageMax, setAgeMax] = useState(initial.ageMax?.toString() ?? '');
  const [nightUnit, setNightUnit] = useState(initial.nightUnit);
  const [holidays, setHolidays] = useState(initial.openOnHolidays);
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: Omit<Routing, 'unitId'>) =>
      api.put(`/api/admin/units/${unitId}/triage`, { body, schema: UnitTriageSettingsResponse }).then((r) => r.data),
    onSuccess: (data) => client.setQueryData(routingKey(unitId), data),
  });

  const message = (field: 'ageMin' | 'ageMax') =>
    local[field] ?? (fieldError(save.error, field) ? t(`unitAdmin.routing.${field}Invalid`) : undefined);
  const summary = (['ageMin', 'ageMax'] as const).flatMap((f) => {
    const m = message(f);
    return m ? [{ fieldId: `routing-${f}`, message: `${t(`unitAdmin.routing.${f}`)}: ${m}` }] : [];
  });
  const general = save.error instanceof ApiError && Object.keys(save.error.fields).length > 0 ? null : save.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    const min = wholeNumber(ageMin, 130);
    const max = wholeNumber(ageMax, 130);
    const problems: Record<string, string> = {};
    if (min === undefined) problems.ageMin = t('unitAdmin.routing.ageInvalid');
    if (max === undefined) problems.ageMax = t('unitAdmin.routing.ageInvalid');
    else if (typeof min === 'number' && typeof max === 'number' && min > max)
      problems.ageMax = t('unitAdmin.routing.ageMaxInvalid');
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    save.reset();
    save.mutate({
      offers: OFFERS.filter((o) => offers.includes(o)),
      ageMin: min ?? null,
      ageMax: max ?? null,
      nightUnit,
      openOnHolidays: holidays,
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="routing-title">
      <h2 id="routing-title">{t('unitAdmin.routing.title')}</h2>
      <p>{t('unitAdmin.routing.lead')}</p>
      <ErrorSummary title={t('unitAdmin.errorsTitle')} items={summary} focusKey={local} />
      <ErrorAlert error={general} />
      {save.isSuccess && <Alert tone="success">{t('unitAdmin.routing.saved')}</Alert>}
      <fieldset>
        <legend>{t('unitAdmin.routing.offers')}</legend>
        {OFFERS.map((o) => (
          <Checkbox
            key={o}
            id={`routing-offer-${o}`}
            label={t(`route.${o}`)}
            checked={offers.includes(o)}
            onChange={(e) => setOffers((xs) => (e.target.checked ? [...xs, o] : xs.filter((x) => x !== o)))}
          />
        ))}
      </fieldset>
      <div className="row-fields">
        <TextField
          id="routing-ageMin"
          label={t('unitAdmin.routing.ageMin')}
          hint={t('unitAdmin.routing.ageHint')}
          inputMode="numeric"
          value={ageMin}
          error={message('ageMin')}
          onChange={(e) => setAgeMin(e.target.value)}
        />
        <TextField
          id="routing-ageMax"
          label={t('unitAdmin.routing.ageMax')}
          hint={t('unitAdmin.routing.ageHint')}
          inputMode="numeric"
          value={ageMax}
          error={message('ageMax')}
          onChange={(e) => setAgeMax(e.target.value)}
        />
      </div>
      <Checkbox
        id="routing-holidays"
        label={t('unitAdmin.routing.openOnHolidays')}
        checked={holidays}
        onChange={(e) => setHolidays(e.target.checked)}
      />
      <Checkbox
        id="routing-night"
        label={t('unitAdmin.routing.nightUnit')}
        hint={regionAdmin ? undefined : t('unitAdmin.routing.nightUnitRegionOnly')}
        checked={nightUnit}
        disabled={!regionAdmin}
        onChange={(e) => setNightUnit(e.target.checked)}
      />
      <div className="button-row">
        <Button type="submit" pending={save.isPending} pendingLabel={t('common:saving')}>
          {t('unitAdmin.routing.save')}
        </Button>
      </div>
    </form>
  );
}

interface ErrandDraft {
  enabled: boolean;
  responseDays: string;
  topicId: string;
}

function ErrandTypesForm({ unitId, rows, topics }: { unitId: string; rows: ErrandRow[]; topics: Topic[] }) {
  const { t, i18n } = useTranslation(['triage', 'common']);
  const en = i18n.language.startsWith('en');
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<ErrandDraft[]>(() =>
    rows.map((r) => ({ enabled: r.enabled, responseDays: String(r.responseDays), topicId: r.topicId ?? '' })),
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (
      types: { kind: ErrandRow['kind']; enabled: boolean; responseDays: number; topicId: string | null }[],
    ) =>
      api
        .put(`/api/admin/units/${unitId}/errand-types`, { body: { types }, schema: UnitErrandTypesResponse })
        .then((r) => r.data),
    onSuccess: (data) => client.setQueryData(errandKey(unitId), data),
  });
  const serverFields = save.error instanceof ApiError ? save.error.fields : {};
  const message = (i: number, field: 'responseDays' | 'topicId') => {
    if (local[`${i}.${field}`]) return local[`${i}.${field}`];
    if (serverFields[`types.${i}.${field}`] === undefined) return undefined;
    return field === 'topicId' ? t('unitAdmin.errands.topicRequired') : t('unitAdmin.errands.daysInvalid');
  };
  const summary = rows.flatMap((r, i) =>
    (['responseDays', 'topicId'] as const).flatMap((f) => {
      const m = message(i, f);
      const title = en ? r.title.en : r.title.sv;
      return m ? [{ fieldId: `errand-${r.kind}-${f}`, message: `${title}: ${m}` }] : [];
    }),
  );
  const general = save.error instanceof ApiError && Object.keys(serverFields).length > 0 ? null : save.error;
  const update = (i: number, patch: Partial<ErrandDraft>) =>
    setDrafts((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const types = rows.map((r, i) => {
      const d = drafts[i] as ErrandDraft;
      const days = wholeNumber(d.responseDays, 30);
      if (days === undefined || days === null) problems[`${i}.responseDays`] = t('unitAdmin.errands.daysInvalid');
      return { kind: r.kind, enabled: d.enabled, responseDays: days ?? 0, topicId: d.topicId || null };
    });
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    save.reset();
    save.mutate(types);
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="errands-title">
      <h2 id="errands-title">{t('unitAdmin.errands.title')}</h2>
      <p>{t('unitAdmin.errands.lead')}</p>
      <ErrorSummary title={t('unitAdmin.errorsTitle')} items={summary} focusKey={save.error ?? local} />
      <ErrorAlert error={general} />
      {save.isSuccess && <Alert tone="success">{t('unitAdmin.errands.saved')}</Alert>}
      {rows.map((r, i) => {
        const d = drafts[i] as ErrandDraft;
        const title = en ? r.title.en : r.title.sv;
        return (
          <fieldset key={r.kind} className="errand-type">
            <legend>{title}</legend>
            <p className="field__hint">
              {t('unitAdmin.errands.template', {
                handler: t(`unitAdmin.errands.handler.${REGION_ERRAND_TEMPLATES[r.kind].handler}`),
                fields:
                  REGION_ERRAND_TEMPLATES[r.kind].fields.map((f) => (en ? f.label.en : f.label.sv)).join(', ') ||
                  t('unitAdmin.errands.noFields'),
              })}
            </p>
            <Checkbox
              id={`errand-${r.kind}-enabled`}
              label={t('unitAdmin.errands.offer', { title })}
              checked={d.enabled}
              onChange={(e) => update(i, { enabled: e.target.checked })}
            />
            {r.kind !== 'book_time' && (
              <TextField
                id={`errand-${r.kind}-responseDays`}
                label={t('unitAdmin.errands.responseDays', { title })}
                hint={t('unitAdmin.errands.responseDaysHint')}
                inputMode="numeric"
                value={d.responseDays}
                error={message(i, 'responseDays')}
                onChange={(e) => update(i, { responseDays: e.target.value })}
              />
            )}
            {r.kind !== 'book_time' && topics.length > 0 && (
              <Select
                id={`errand-${r.kind}-topicId`}
                label={t('unitAdmin.errands.topic', { title })}
                value={d.topicId}
                error={message(i, 'topicId')}
                onChange={(e) => update(i, { topicId: e.target.value })}
                options={[
                  { value: '', label: t('unitAdmin.errands.noTopic') },
                  ...topics.map((x) => ({ value: x.id, label: en ? x.labelEn : x.labelSv })),
                ]}
              />
            )}
          </fieldset>
        );
      })}
      <div className="button-row">
        <Button type="submit" pending={save.isPending} pendingLabel={t('common:saving')}>
          {t('unitAdmin.errands.save')}
        </Button>
      </div>
    </form>
  );
}

function UnitEntrance({ unit, regionAdmin }: { unit: Unit; regionAdmin: boolean }) {
  const { t } = useTranslation(['triage', 'common']);
  const routing = useQuery({
    queryKey: routingKey(unit.id),
    queryFn: () =>
      api.get(`/api/admin/units/${unit.id}/triage`, { schema: UnitTriageSettingsResponse }).then((r) => r.data),
  });
  const errands = useQuery({
    queryKey: errandKey(unit.id),
    queryFn: () =>
      api.get(`/api/admin/units/${unit.id}/errand-types`, { schema: UnitErrandTypesResponse }).then((r) => r.data),
  });
  const settings = useQuery({
    queryKey: ['messaging', 'settings', unit.id],
    queryFn: () =>
      api
        .get(`/api/staff/units/${unit.id}/messaging/settings`, { schema: MessagingSettingsResponse })
        .then((r) => r.data),
  });
  const error = routing.error ?? errands.error ?? settings.error;
  if (error) return <ErrorAlert error={error} />;
  if (!routing.data || !errands.data || !settings.data) return <Spinner label={t('common:loading')} />;
  return (
    <>
      <p>{t('unitAdmin.lead')}</p>
      <RoutingForm unitId={unit.id} initial={routing.data} regionAdmin={regionAdmin} />
      <ErrandTypesForm unitId={unit.id} rows={errands.data} topics={settings.data.topics} />
    </>
  );
}

export function UnitEntrancePage({ unitId, regionAdmin }: { unitId: string; regionAdmin: boolean }) {
  const { t } = useTranslation('triage');
  return (
    <AdminUnitFrame unitId={unitId} section={t('unitAdmin.title')}>
      {(unit) => <UnitEntrance unit={unit} regionAdmin={regionAdmin} />}
    </AdminUnitFrame>
  );
}
