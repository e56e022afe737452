/**
 * /staff/erbjudanden/nytt — a new targeted offer (a draft) for the active
 * unit: title, time type, the target group (criteria, or a checked list of
 * personnummer), optionally times reserved for the group, and a last day.
 * Publishing (and with it the notifications) happens on the offer's page.
 */
import { RISK_GROUPS, type StaffMe } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, fieldText } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, Checkbox, ErrorAlert, Select, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { TextArea } from '../../ui/text-area.js';
import { InvitationsNav } from '../invitations/invitations-nav.js';
import { DateRangeFields, isIsoDate, SlotChecklist, useSlotWindow } from '../invitations/slot-picker.js';
import { StaffLayout } from '../staff-layout.js';
import { canPublishTimes } from '../timebook/abilities.js';
import { usePublishableTypes } from '../timebook/timebook-api.js';
import { type OfferTargetListPreview, useCreateOffer, useValidateTargetList } from './offers-api.js';
import { TargetList } from './target-list.js';

const FIELD_IDS: [string, string][] = [
  ['title', 'off-title'],
  ['description', 'off-description'],
  ['timeTypeId', 'off-type'],
  ['target', 'off-listed'],
  ['minAge', 'off-min-age'],
  ['maxAge', 'off-max-age'],
  ['riskGroup', 'off-risk'],
  ['uploadToken', 'off-list'],
  ['from', 'off-from'],
  ['to', 'off-to'],
  ['slotIds', 'off-slots'],
  ['validUntil', 'off-valid-until'],
];

function serverFields(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const name of Object.keys(error.fields)) {
    const parts = name.split('.');
    const field = parts[0] === 'target' ? (parts[1] ?? 'target') : parts[0];
    if (field && !out[field]) out[field] = fieldText(error, name);
  }
  return out;
}

const age = (v: string) => (v.trim() === '' ? null : /^\d{1,3}$/.test(v.trim()) ? Number(v) : Number.NaN);

export function NewOfferPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t, i18n } = useTranslation(['offers', 'invitations', 'common']);
  usePageTitle(t('create.title'));
  const navigate = useNavigate();
  const types = usePublishableTypes(unitId);
  const create = useCreateOffer(unitId);
  const validate = useValidateTargetList(unitId);

  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [typeId, setTypeId] = useState('');
  const [targetKind, setTargetKind] = useState<'criteria' | 'list'>('criteria');
  const [listed, setListed] = useState(true);
  const [minAge, setMinAge] = useState('');
  const [maxAge, setMaxAge] = useState('');
  const [riskGroup, setRiskGroup] = useState('');
  const [listText, setListText] = useState('');
  const [preview, setPreview] = useState<{ text: string; result: OfferTargetListPreview } | null>(null);
  const [slotIds, setSlotIds] = useState<string[]>([]);
  const [validUntil, setValidUntil] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  const range = useSlotWindow(unitId, typeId);
  const { datesOk, slots } = range;
  const errors: Record<string, string> = { ...serverFields(create.error), ...local };
  const summary = FIELD_IDS.filter(([f]) => errors[f]).map(([f, id]) => ({ fieldId: id, message: errors[f] ?? '' }));
  const general = create.error && Object.keys(serverFields(create.error)).length === 0 ? create.error : null;
  const token = preview && preview.text === listText ? preview.result.uploadToken : null;

  if (!canPublishTimes(me, unitId)) {
    return (
      <StaffLayout>
        <InvitationsNav />
        <h1>{t('create.title')}</h1>
        <Alert tone="info">{t('staff.notAllowed')}</Alert>
      </StaffLayout>
    );
  }

  function runValidate() {
    const text = listText;
    validate.mutate(text, { onSuccess: (result) => setPreview({ text, result }) });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const found: Record<string, string> = {};
    if (title.trim().length < 2) found.title = t('create.errors.title');
    if (!typeId) found.timeTypeId = t('create.errors.timeType');
    const min = age(minAge);
    const max = age(maxAge);
    if (targetKind === 'criteria') {
      if (Number.isNaN(min) || (min !== null && min > 130)) found.minAge = t('create.errors.age');
      if (Number.isNaN(max) || (max !== null && max > 130)) found.maxAge = t('create.errors.age');
      else if (min !== null && max !== null && !Number.isNaN(min) && max < min)
        found.maxAge = t('create.errors.ageOrder');
      if (!listed && min === null && max === null && !riskGroup) found.target = t('create.errors.criteria');
    } else if (!token) found.uploadToken = t('create.errors.list');
    if (slotIds.length > 0 && !datesOk) found.to = t('invitations:create.errors.toBeforeFrom');
    if (validUntil && !isIsoDate(validUntil)) found.validUntil = t('create.errors.date');
    setLocal(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) {
      create.reset();
      return;
    }
    create.mutate(
      {
        title: title.trim(),
        description: description.trim(),
        timeTypeId: typeId,
        target:
          targetKind === 'criteria'
            ? { kind: 'criteria', listedAtUnit: listed, minAge: min, maxAge: max, riskGroup: riskGroup || null }
            : { kind: 'list', uploadToken: token ?? '' },
        slotIds,
        validUntil: validUntil || null,
      },
      {
        onSuccess: (offer) => navigate(`/staff/erbjudanden/${offer.id}`, { state: { notice: 'created' } }),
        onError: () => setAttempt((n) => n + 1),
      },
    );
  }

  return (
    <StaffLayout>
      <InvitationsNav />
      <h1>{t('create.title')}</h1>
      <p>{t('create.lead')}</p>
      <form onSubmit={submit} noValidate data-testid="offer-form">
        <ErrorSummary items={summary} focusKey={attempt} title={t('create.summaryTitle')} />
        <ErrorAlert error={general} />
        <TextField
          id="off-title"
          label={t('create.offerTitle')}
          hint={t('create.offerTitleHint')}
          maxLength={200}
          value={title}
          error={errors.title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextArea
          id="off-description"
          label={t('create.description')}
          rows={3}
          maxLength={4000}
          value={description}
          error={errors.description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <ErrorAlert error={types.error} />
        <Select
          id="off-type"
          label={t('create.timeType')}
          value={typeId}
          error={errors.timeTypeId}
          onChange={(e) => {
            setTypeId(e.target.value);
            setSlotIds([]);
          }}
          options={[
            { value: '', label: t('create.chooseType') },
            ...(types.data ?? []).map((x) => ({ value: x.id, label: i18n.language === 'en' ? x.nameEn : x.nameSv })),
          ]}
        />
        <h2>{t('create.targetTitle')}</h2>
        <RadioGroup
          id="off-target-kind"
          legend={t('create.targetKind')}
          value={targetKind}
          onChange={(v) => setTargetKind(v as 'criteria' | 'list')}
          options={[
            { value: 'criteria', label: t('create.targetCriteria') },
            { value: 'list', label: t('create.targetList') },
          ]}
        />
        {targetKind === 'criteria' ? (
          <div data-testid="target-criteria">
            <p className="field__hint">{t('create.criteriaHint')}</p>
            {errors.target && (
              <p className="field__error" role="alert">
                {errors.target}
              </p>
            )}
            <Checkbox
              id="off-listed"
              label={t('create.listedAtUnit')}
              checked={listed}
              onChange={(e) => setListed(e.target.checked)}
            />
            <div className="row-fields">
              <TextField
                id="off-min-age"
                label={t('create.minAge')}
                hint={t('create.ageHint')}
                inputMode="numeric"
                value={minAge}
                error={errors.minAge}
                onChange={(e) => setMinAge(e.target.value)}
              />
              <TextField
                id="off-max-age"
                label={t('create.maxAge')}
                hint={t('create.ageHint')}
                inputMode="numeric"
                value={maxAge}
                error={errors.maxAge}
                onChange={(e) => setMaxAge(e.target.value)}
              />
            </div>
            <Select
              id="off-risk"
              label={t('create.riskGroup')}
              value={riskGroup}
              error={errors.riskGroup}
              onChange={(e) => setRiskGroup(e.target.value)}
              options={[
                { value: '', label: t('create.riskNone') },
                ...RISK_GROUPS.map((g) => ({ value: g, label: t(`riskGroups.${g}`) })),
              ]}
            />
          </div>
        ) : (
          <TargetList
            text={listText}
            onText={setListText}
            preview={preview}
            validating={validate.isPending}
            validateError={validate.error}
            onValidate={runValidate}
            error={errors.uploadToken}
          />
        )}
        <h2>{t('create.slotsTitle')}</h2>
        <p>{t('create.slotsLead')}</p>
        <DateRangeFields
          idPrefix="off"
          labels={{ from: t('create.from'), to: t('create.to') }}
          range={range}
          errors={errors}
        />
        {typeId && datesOk && (
          <SlotChecklist
            id="off-slots"
            legend={t('create.slotsLegend')}
            slots={slots.data}
            pending={slots.isPending}
            error={slots.error}
            fieldError={errors.slotIds}
            emptyText={t('create.noSlots')}
            value={slotIds}
            onChange={setSlotIds}
          />
        )}
        <TextField
          id="off-valid-until"
          type="date"
          label={t('create.validUntil')}
          value={validUntil}
          error={errors.validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
        />
        <div className="button-row">
          <Button type="submit" pending={create.isPending} pendingLabel={t('create.saving')}>
            {t('create.submit')}
          </Button>
        </div>
      </form>
    </StaffLayout>
  );
}
