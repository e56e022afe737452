/**
 * /staff/inkorg/ny — the unit writes first: find the patient by personnummer
 * (the same lookup as "Sök patient"; the unit must have a care relationship),
 * then topic, heading and message. Needed for units where patients may only
 * reply. The personnummer is sent in a POST body, never in a URL.
 */
import type { StaffMe } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Composer } from '../../patient/messages/composer.js';
import type { ErrorSummaryItem } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, ProtectedMarker, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { isNoRelationship, useLookupPatient } from '../patients/patients-api.js';
import { formatPnr, looksLikePnr } from '../patients/personnummer.js';
import { StaffLayout } from '../staff-layout.js';
import { staffAttachmentUrl, uploadStaffAttachment, useMessagingSettings, useStaffStart } from './inbox-api.js';

export function StaffNewConversationPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t, i18n } = useTranslation(['inbox', 'care', 'common']);
  usePageTitle(t('inbox:start.title'));
  const navigate = useNavigate();
  const lookup = useLookupPatient();
  const settings = useMessagingSettings(unitId);
  const start = useStaffStart(unitId);
  const [pnr, setPnr] = useState('');
  const [pnrError, setPnrError] = useState<string | undefined>();
  const [topicId, setTopicId] = useState('');
  const [heading, setHeading] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const patient = lookup.data;
  const topics = settings.data?.topics ?? [];
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  const errorOf = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  function find(event: FormEvent) {
    event.preventDefault();
    const value = pnr.trim();
    if (!looksLikePnr(value)) {
      setPnrError(value ? t('care:search.invalid') : t('care:search.required'));
      document.getElementById('start-pnr')?.focus();
      return;
    }
    setPnrError(undefined);
    lookup.mutate(value);
  }

  return (
    <StaffLayout>
      <p>
        <Link to="/staff/inkorg">{t('inbox:conversation.back')}</Link>
      </p>
      <h1>{t('inbox:start.title')}</h1>
      <p>{t('inbox:start.lead', { unit: unitName })}</p>
      <form onSubmit={find} noValidate className="inbox-search">
        <TextField
          id="start-pnr"
          label={t('care:search.personalNumber')}
          hint={t('care:search.personalNumberHint')}
          error={pnrError}
          value={pnr}
          autoComplete="off"
          onChange={(e) => setPnr(e.target.value)}
        />
        <Button type="submit" variant="secondary" pending={lookup.isPending} pendingLabel={t('common:loading')}>
          {t('inbox:start.find')}
        </Button>
      </form>
      {isNoRelationship(lookup.error) ? (
        <Alert tone="warning">{t('inbox:start.noRelationship', { unit: unitName })}</Alert>
      ) : (
        <ErrorAlert error={lookup.error} />
      )}
      {patient && (
        <section aria-labelledby="start-patient-title">
          <h2 id="start-patient-title">
            {t('inbox:start.to', { name: patient.name, pnr: formatPnr(patient.personalNumber) })}
            <ProtectedMarker protectedIdentity={patient.protectedIdentity} />
          </h2>
          {patient.protectedIdentity && (
            <Alert tone="warning" title={t('inbox:conversation.protectedTitle')}>
              <p>{t('inbox:conversation.protectedText')}</p>
            </Alert>
          )}
          {topics.length > 0 && (
            <RadioGroup
              id="start-topic"
              legend={t('inbox:start.topic')}
              error={errorOf('start-topic')}
              value={topicId}
              onChange={setTopicId}
              options={topics.map((x) => ({ value: x.id, label: i18n.language === 'en' ? x.labelEn : x.labelSv }))}
            />
          )}
          <TextField
            id="start-subject"
            label={t('inbox:start.subject')}
            error={errorOf('start-subject')}
            value={heading}
            maxLength={120}
            onChange={(e) => setHeading(e.target.value)}
          />
          <Composer
            label={t('inbox:conversation.answerLabel')}
            hint={t('inbox:conversation.answerHint')}
            value={body}
            onChange={setBody}
            requireBody
            upload={(file, onProgress, signal) => uploadStaffAttachment(unitId, file, onProgress, signal)}
            attachmentUrl={(id) => staffAttachmentUrl(unitId, id)}
            submitLabel={t('inbox:start.send')}
            sentNotice={t('inbox:conversation.answerSent')}
            validate={() =>
              heading.trim() ? [] : [{ fieldId: 'start-subject', message: t('inbox:start.subjectRequired') }]
            }
            serverFields={{ subject: 'start-subject', topicId: 'start-topic' }}
            onErrors={setErrors}
            onSend={async (input) => {
              const conversation = await start.mutateAsync({
                personId: patient.personId,
                topicId: topicId || undefined,
                subject: heading.trim(),
                ...input,
              });
              navigate(`/staff/inkorg/${conversation.id}`);
            }}
          />
        </section>
      )}
    </StaffLayout>
  );
}
