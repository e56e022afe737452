/**
 * /staff/tidbok/publicera — booking administrators publish the active unit's
 * times from a pattern: "Förhandsgranska" shows what would be created (or the
 * problems next to their fields), "Publicera" creates them. A single time can
 * be added below.
 */
import type { StaffMe } from '@ingang/contracts';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';
import { canPublishTimes } from './abilities.js';
import { mondayOf } from './dates.js';
import { PatternFields } from './pattern-form.js';
import {
  FIELD_ORDER,
  fieldId,
  initialPattern,
  localErrors,
  type PatternValues,
  patternBody,
  serverErrors,
} from './pattern-values.js';
import { PreviewResult } from './preview-result.js';
import { SingleSlotForm } from './single-slot-form.js';
import { usePreview, usePublish, usePublishableTypes } from './timebook-api.js';
import { TimebookNav } from './timebook-nav.js';

const SUMMARY_TARGET: Record<string, string> = { durationMinutes: 'dayEnd', pattern: 'startDate' };

export function PublishPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation(['timebook', 'common']);
  usePageTitle(t('publish.title'));
  const types = usePublishableTypes(unitId);
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';

  if (!canPublishTimes(me, unitId)) {
    return (
      <StaffLayout>
        <h1>{t('publish.title')}</h1>
        <TimebookNav me={me} />
        <Alert tone="info">{t('publish.notAllowed')}</Alert>
      </StaffLayout>
    );
  }
  return (
    <StaffLayout>
      <h1>{t('publish.title')}</h1>
      <TimebookNav me={me} />
      <p>{t('publish.lead', { unit: unitName })}</p>
      {!types.data ? (
        types.error ? (
          <ErrorAlert error={types.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : types.data.length === 0 ? (
        <Alert tone="info">{t('publish.noTypes')}</Alert>
      ) : (
        <>
          <PatternSection unitId={unitId} types={types.data} />
          <SingleSlotForm unitId={unitId} types={types.data} />
        </>
      )}
    </StaffLayout>
  );
}

function PatternSection({
  unitId,
  types,
}: {
  unitId: string;
  types: NonNullable<ReturnType<typeof usePublishableTypes>['data']>;
}) {
  const { t } = useTranslation(['timebook', 'common']);
  const [values, setValues] = useState<PatternValues>(() =>
    initialPattern(types.length === 1 ? (types[0]?.id ?? '') : ''),
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const preview = usePreview(unitId);
  const publish = usePublish(unitId);
  // A preview belongs to the values it was made for; any change asks for a new one.
  const [previewedFor, setPreviewedFor] = useState<string | null>(null);
  const signature = JSON.stringify(patternBody(values));

  const errors = useMemo(() => {
    if (Object.keys(local).length > 0) return local;
    return serverErrors(publish.error ?? preview.error, preview.data?.errors);
  }, [local, preview.data, preview.error, publish.error]);
  const summary = Object.entries(errors)
    .sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b))
    .map(([key, message]) => ({ fieldId: fieldId(SUMMARY_TARGET[key] ?? key), message }));
  const generalError =
    (publish.error ?? preview.error) && summary.length === 0 ? (publish.error ?? preview.error) : null;
  const canPublish =
    previewedFor === signature &&
    !!preview.data &&
    !preview.data.errors &&
    preview.data.count > 0 &&
    !publish.isPending &&
    !publish.data;

  function change(update: (v: PatternValues) => PatternValues) {
    setValues(update);
    publish.reset();
  }

  function submitPreview(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const found = localErrors(values, t);
    setLocal(found);
    publish.reset();
    if (Object.keys(found).length > 0) {
      preview.reset();
      return;
    }
    const body = patternBody(values);
    preview.mutate(
      { timeTypeId: body.timeTypeId, pattern: body.pattern },
      { onSuccess: () => setPreviewedFor(signature) },
    );
  }

  return (
    <section aria-labelledby="tb-pattern-title">
      <h2 id="tb-pattern-title">{t('publish.patternTitle')}</h2>
      <form onSubmit={submitPreview} noValidate>
        <ErrorSummary title={t('publish.errors.summary')} items={summary} focusKey={attempt} />
        <ErrorAlert error={generalError} />
        <PatternFields values={values} onChange={change} errors={errors} types={types} />
        <div className="button-row">
          <Button type="submit" variant="secondary" pending={preview.isPending} pendingLabel={t('publish.previewing')}>
            {t('publish.preview')}
          </Button>
        </div>
      </form>
      {preview.data && !preview.data.errors && previewedFor === signature && <PreviewResult preview={preview.data} />}
      {previewedFor !== signature && preview.data && !preview.data.errors && (
        <p className="muted">{t('publish.previewStale')}</p>
      )}
      <div className="button-row">
        <Button
          disabled={!canPublish}
          aria-describedby="tb-publish-hint"
          pending={publish.isPending}
          pendingLabel={t('publish.publishing')}
          onClick={() => publish.mutate(patternBody(values))}
        >
          {t('publish.publish')}
        </Button>
      </div>
      <p id="tb-publish-hint" className="field__hint">
        {t('publish.publishHint')}
      </p>
      {publish.data && (
        <Alert tone="success" title={t('publish.done')}>
          <p>{t('publish.doneText', { created: publish.data.created, skipped: publish.data.skipped })}</p>
          <p>
            <Link to={`/staff/tidbok?vecka=${mondayOf(values.startDate)}`}>{t('publish.toCalendar')}</Link>
          </p>
        </Alert>
      )}
    </section>
  );
}
