/**
 * "Skriv nytt meddelande" (/meddelanden/ny): whom it is about (oneself or
 * someone the citizen writes for), the unit, the unit's topic, a heading, the
 * message and attachments. A unit that only lets patients reply, or takes no
 * messages, is explained instead of offering a form that would be refused.
 */
import type { MessagingUnit } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { ApiError } from '../../api/errors.js';
import { useCitizen } from '../../api/me.js';
import type { ErrorSummaryItem } from '../../ui/error-summary.js';
import { Alert, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { useActingFor } from '../acting-for.js';
import { PatientLayout } from '../patient-layout.js';
import { Composer } from './composer.js';
import { draftKey, useDraft } from './drafts.js';
import {
  citizenAttachmentUrl,
  uploadCitizenAttachment,
  useMessagingUnits,
  useStartConversation,
} from './messages-api.js';
import { topicLabel, useMessageSubjects } from './subjects.js';

type Unit = z.infer<typeof MessagingUnit>;

const FIELD = { who: 'new-who', unit: 'new-unit', topic: 'new-topic', subject: 'new-subject' } as const;

export function NewConversationPage() {
  const { t, i18n } = useTranslation(['messages', 'common']);
  usePageTitle(t('new.title'));
  const navigate = useNavigate();
  const subjects = useMessageSubjects();
  const { subject: acting } = useActingFor();
  const initial = subjects.find((s) => s.subjectId === (acting && !acting.self ? acting.personId : null));
  // The unsent message (with whom it is about, unit, topic and heading) is kept on this device.
  const me = useCitizen();
  const draft = useDraft(me ? draftKey(me.personId, null, 'new') : null);
  const who = draft.fields.who ?? initial?.subjectId ?? '';
  const setWho = (value: string) => draft.setField('who', value);
  const subjectId = who || null;
  const units = useMessagingUnits(subjectId, subjects.length > 0);
  const unitId = draft.fields.unitId ?? '';
  const setUnitId = (value: string) => draft.setField('unitId', value);
  const topicId = draft.fields.topicId ?? '';
  const setTopicId = (value: string) => draft.setField('topicId', value);
  const heading = draft.fields.heading ?? '';
  const setHeading = (value: string) => draft.setField('heading', value);
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const start = useStartConversation();

  const list = units.data ?? [];
  // One unit: chosen for the citizen.
  const unit: Unit | undefined = list.find((u) => u.id === unitId) ?? (list.length === 1 ? list[0] : undefined);
  const errorOf = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const whoName = subjects.find((s) => s.subjectId === subjectId)?.name ?? '';

  function validate(): ErrorSummaryItem[] {
    const found: ErrorSummaryItem[] = [];
    if (!unit) found.push({ fieldId: FIELD.unit, message: t('new.errors.unit') });
    if (unit && unit.topics.length > 0 && !unit.topics.some((x) => x.id === topicId)) {
      found.push({ fieldId: FIELD.topic, message: t('new.errors.topic') });
    }
    if (!heading.trim()) found.push({ fieldId: FIELD.subject, message: t('new.errors.subject') });
    return found;
  }

  return (
    <PatientLayout>
      <h1>{t('new.title')}</h1>
      <p>{t('new.lead')}</p>
      <Alert tone="warning">{t('new.notUrgent')}</Alert>
      {subjects.length > 1 && (
        <Select
          id={FIELD.who}
          label={t('new.who')}
          value={who}
          onChange={(e) => {
            setWho(e.target.value);
            setUnitId('');
            setTopicId('');
          }}
          options={subjects.map((s) => ({
            value: s.subjectId ?? '',
            label: s.subjectId ? s.name : t('new.myself', { name: s.name }),
          }))}
        />
      )}
      {units.isPending && <Spinner label={t('new.loadingUnits')} />}
      <ErrorAlert error={units.error} />
      {units.data && list.length === 0 && (
        <Alert tone="info" title={t('new.noUnitsTitle')}>
          <p>{subjectId ? t('new.noUnitsFor', { name: whoName }) : t('new.noUnits')}</p>
        </Alert>
      )}
      {list.length > 1 && (
        <RadioGroup
          id={FIELD.unit}
          legend={t('new.unit')}
          hint={t('new.unitHint')}
          error={errorOf(FIELD.unit)}
          value={unitId}
          onChange={(value) => {
            setUnitId(value);
            setTopicId('');
          }}
          options={list.map((u) => ({ value: u.id, label: u.name }))}
        />
      )}
      {list.length === 1 && unit && (
        <p id={FIELD.unit} tabIndex={-1}>
          {t('new.onlyUnit', { unit: unit.name })}
        </p>
      )}
      {unit && !unit.canStart && (
        <Alert tone="info" title={t('new.cannotStartTitle', { unit: unit.name })}>
          <p data-testid="cannot-start">
            {unit.patientMode === 'reply'
              ? t('new.replyOnly', { unit: unit.name })
              : t('new.notAccepting', { unit: unit.name })}
          </p>
          <p>
            <Link to="/meddelanden">{t('new.backToList')}</Link>
          </p>
        </Alert>
      )}
      {unit?.canStart && (
        <>
          <p className="muted">{t('new.target', { count: unit.targetWorkingDays })}</p>
          {unit.topics.length > 0 && (
            <RadioGroup
              id={FIELD.topic}
              legend={t('new.topic')}
              error={errorOf(FIELD.topic)}
              value={topicId}
              onChange={setTopicId}
              options={unit.topics.map((x) => ({ value: x.id, label: topicLabel(x, i18n.language) }))}
            />
          )}
          <TextField
            id={FIELD.subject}
            label={t('new.subject')}
            hint={t('new.subjectHint')}
            error={errorOf(FIELD.subject)}
            value={heading}
            maxLength={120}
            onChange={(e) => setHeading(e.target.value)}
          />
          <Composer
            label={t('new.body')}
            hint={t('new.bodyHint')}
            value={draft.body}
            onChange={draft.setBody}
            clientId={draft.clientId}
            draftNotice={t('composer.draftKept')}
            upload={(file, onProgress, signal) => uploadCitizenAttachment(subjectId, file, onProgress, signal)}
            attachmentUrl={(id) => citizenAttachmentUrl(id, subjectId)}
            submitLabel={t('new.send')}
            sentNotice={t('composer.sent')}
            validate={validate}
            serverFields={{ unitId: FIELD.unit, topicId: FIELD.topic, subject: FIELD.subject }}
            onErrors={setErrors}
            rows={6}
            onSend={async (input) => {
              try {
                const conversation = await start.mutateAsync({
                  subjectId,
                  unitId: unit.id,
                  topicId: topicId || undefined,
                  subject: heading.trim(),
                  ...input,
                });
                draft.clear();
                navigate(`/meddelanden/${conversation.id}${subjectId ? `?for=${subjectId}` : ''}`, {
                  state: { notice: 'started' },
                });
              } catch (error) {
                // The unit's setting changed since the page loaded: show the explanation.
                if (error instanceof ApiError && error.code === 'unit_not_accepting') void units.refetch();
                throw error;
              }
            }}
          />
        </>
      )}
    </PatientLayout>
  );
}
