/**
 * /staff/kallelser/ny — "Skicka kallelse" from the active unit: the patient's
 * personnummer, a fixed time (held for them) or a period with times reserved
 * for them, the time type, instructions, an optional form and the days to
 * answer. Errors (ours and the server's) are listed above the form and named
 * at each field; nothing is sent until everything holds.
 */
import type { StaffMe } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, codeText, fieldText } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Button, ErrorAlert, Select, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { TextArea } from '../../ui/text-area.js';
import { looksLikePnr } from '../patients/personnummer.js';
import { StaffLayout } from '../staff-layout.js';
import { usePublishableTypes } from '../timebook/timebook-api.js';
import { useCreateInvitation, useInvitationForms } from './invitations-api.js';
import { InvitationsNav } from './invitations-nav.js';
import { DateRangeFields, isIsoDate, SlotChecklist, SlotSelect, useSlotWindow } from './slot-picker.js';

type Kind = 'fixed_time' | 'book_within_period';

/** Field → the id of its control, in the order the summary lists them. */
const FIELD_IDS: [string, string][] = [
  ['personalNumber', 'inv-pnr'],
  ['kind', 'inv-kind'],
  ['timeTypeId', 'inv-type'],
  ['from', 'inv-from'],
  ['to', 'inv-to'],
  ['slotId', 'inv-slot'],
  ['slotIds', 'inv-slots'],
  ['instructions', 'inv-instructions'],
  ['formId', 'inv-form'],
  ['respondWithinDays', 'inv-days'],
  ['reason', 'inv-reason'],
];

/** The server's field names (`period.from`, `slotIds.2`) as this form's fields. */
function serverFields(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const name of Object.keys(error.fields)) {
    const field =
      name === 'period' || name === 'period.from' ? 'from' : name === 'period.to' ? 'to' : name.split('.')[0];
    if (field && !out[field]) out[field] = fieldText(error, name);
  }
  if (error.status === 404 && Object.keys(out).length === 0)
    out.personalNumber = codeText(error.code) ?? fieldText(error, 'personalNumber');
  return out;
}

export function NewInvitationPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t, i18n } = useTranslation(['invitations', 'common']);
  usePageTitle(t('create.title'));
  const navigate = useNavigate();
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  const types = usePublishableTypes(unitId);
  const forms = useInvitationForms(unitId);
  const create = useCreateInvitation(unitId);

  const [pnr, setPnr] = useState('');
  const [kind, setKind] = useState<Kind>('fixed_time');
  const [typeId, setTypeId] = useState('');
  const [slotId, setSlotId] = useState('');
  const [slotIds, setSlotIds] = useState<string[]>([]);
  const [instructions, setInstructions] = useState('');
  // Asked for only when the unit has no care relationship with the patient (the server says so).
  const [reason, setReason] = useState('');
  const [needsReason, setNeedsReason] = useState(false);
  const [formId, setFormId] = useState('');
  const [days, setDays] = useState('7');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  const range = useSlotWindow(unitId, typeId);
  const { from, to, datesOk, slots } = range;

  const errors: Record<string, string> = { ...serverFields(create.error), ...local };
  const summary = FIELD_IDS.filter(([f]) => errors[f]).map(([f, id]) => ({ fieldId: id, message: errors[f] ?? '' }));
  const general = create.error && Object.keys(serverFields(create.error)).length === 0 ? create.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const found: Record<string, string> = {};
    const number = pnr.trim();
    if (!number) found.personalNumber = t('create.errors.personalNumberRequired');
    else if (!looksLikePnr(number)) found.personalNumber = t('create.errors.personalNumber');
    if (!typeId) found.timeTypeId = t('create.errors.timeType');
    if (!isIsoDate(from)) found.from = t('create.errors.date');
    if (!isIsoDate(to)) found.to = t('create.errors.date');
    else if (isIsoDate(from) && to < from) found.to = t('create.errors.toBeforeFrom');
    if (typeId && datesOk) {
      if (kind === 'fixed_time' && !slotId) found.slotId = t('create.errors.slot');
      if (kind === 'book_within_period' && slotIds.length === 0) found.slotIds = t('create.errors.slots');
    }
    const respond = Number(days);
    if (!/^\d+$/.test(days.trim()) || respond < 1 || respond > 90) found.respondWithinDays = t('create.errors.days');
    setLocal(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length > 0) {
      create.reset();
      return;
    }
    create.mutate(
      {
        personalNumber: number,
        kind,
        timeTypeId: typeId,
        ...(kind === 'fixed_time' ? { slotId } : { period: { from, to }, slotIds }),
        instructions: instructions.trim(),
        formId: formId || null,
        respondWithinDays: respond,
        ...(needsReason && reason.trim() ? { reason: reason.trim() } : {}),
      },
      {
        onSuccess: (invitation) => navigate(`/staff/kallelser/${invitation.id}`, { state: { notice: 'sent' } }),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'reason_required') setNeedsReason(true);
          setAttempt((n) => n + 1);
        },
      },
    );
  }

  const formOptions = forms.data ?? [];
  return (
    <StaffLayout>
      <InvitationsNav />
      <h1>{t('create.title')}</h1>
      <p>{t('create.lead', { unit: unitName })}</p>
      <form onSubmit={submit} noValidate data-testid="invitation-form">
        <ErrorSummary items={summary} focusKey={attempt} title={t('create.summaryTitle')} />
        <ErrorAlert error={general} />
        <TextField
          id="inv-pnr"
          label={t('create.personalNumber')}
          hint={t('create.personalNumberHint')}
          autoComplete="off"
          spellCheck={false}
          value={pnr}
          error={errors.personalNumber}
          onChange={(e) => setPnr(e.target.value)}
        />
        <RadioGroup
          id="inv-kind"
          legend={t('create.kind')}
          value={kind}
          error={errors.kind}
          onChange={(v) => setKind(v as Kind)}
          options={[
            { value: 'fixed_time', label: t('create.kindFixed') },
            { value: 'book_within_period', label: t('create.kindPeriod') },
          ]}
        />
        <ErrorAlert error={types.error} />
        <Select
          id="inv-type"
          label={t('create.timeType')}
          value={typeId}
          error={errors.timeTypeId}
          onChange={(e) => {
            setTypeId(e.target.value);
            setSlotId('');
            setSlotIds([]);
          }}
          options={[
            { value: '', label: t('create.chooseType') },
            ...(types.data ?? []).map((x) => ({ value: x.id, label: i18n.language === 'en' ? x.nameEn : x.nameSv })),
          ]}
        />
        <DateRangeFields
          idPrefix="inv"
          labels={
            kind === 'fixed_time'
              ? { from: t('create.from'), to: t('create.to') }
              : { from: t('create.periodFrom'), to: t('create.periodTo') }
          }
          range={range}
          errors={errors}
        />
        {typeId &&
          datesOk &&
          (kind === 'fixed_time' ? (
            <SlotSelect
              id="inv-slot"
              slots={slots.data}
              pending={slots.isPending}
              error={slots.error}
              fieldError={errors.slotId}
              emptyText={t('create.noSlots')}
              value={slotId}
              onChange={setSlotId}
            />
          ) : (
            <SlotChecklist
              id="inv-slots"
              legend={t('create.reserveLegend')}
              hint={t('create.reserveHint')}
              slots={slots.data}
              pending={slots.isPending}
              error={slots.error}
              fieldError={errors.slotIds}
              emptyText={t('create.noSlots')}
              value={slotIds}
              onChange={setSlotIds}
            />
          ))}
        <TextArea
          id="inv-instructions"
          label={t('create.instructions')}
          hint={t('create.instructionsHint')}
          maxLength={4000}
          value={instructions}
          error={errors.instructions}
          onChange={(e) => setInstructions(e.target.value)}
        />
        {formOptions.length > 0 && (
          <Select
            id="inv-form"
            label={t('create.form')}
            hint={t('create.formHint')}
            value={formId}
            error={errors.formId}
            onChange={(e) => setFormId(e.target.value)}
            options={[
              { value: '', label: t('create.formNone') },
              ...formOptions.map((f) => ({ value: f.id, label: f.name })),
            ]}
          />
        )}
        {forms.error ? <p className="muted">{t('create.formsUnavailable')}</p> : null}
        {needsReason && (
          <TextArea
            id="inv-reason"
            label={t('create.reason')}
            hint={t('create.reasonHint')}
            maxLength={500}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
        <TextField
          id="inv-days"
          label={t('create.respondWithin')}
          hint={t('create.respondWithinHint')}
          inputMode="numeric"
          value={days}
          error={errors.respondWithinDays}
          onChange={(e) => setDays(e.target.value)}
        />
        <div className="button-row">
          <Button type="submit" pending={create.isPending} pendingLabel={t('create.sending')}>
            {t('create.submit')}
          </Button>
        </div>
      </form>
    </StaffLayout>
  );
}
