/**
 * /staff/inkorg/installningar — the unit's message settings: whether patients
 * may start conversations, only reply, or not write at all; the target answer
 * time in working days; the topics patients choose from; and the standard
 * answers. Unit admins edit; other staff of the unit read.
 */
import type { StaffMe } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, fieldTexts } from '../../api/errors.js';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/error-summary.js';
import { Alert, Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { StaffLayout } from '../staff-layout.js';
import { type SettingsInput, useMessagingSettings, useSaveSettings } from './inbox-api.js';
import { TemplatesSection } from './templates-section.js';

type Mode = SettingsInput['patientMode'];
type Settings = NonNullable<ReturnType<typeof useMessagingSettings>['data']>;

export function MessagingSettingsPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t } = useTranslation(['inbox', 'common']);
  usePageTitle(t('settings.title'));
  const settings = useMessagingSettings(unitId);
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  return (
    <StaffLayout>
      <p>
        <Link to="/staff/inkorg">{t('conversation.back')}</Link>
      </p>
      <h1>{t('settings.title')}</h1>
      <p>{t('settings.lead', { unit: unitName })}</p>
      {settings.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={settings.error} />
      {settings.data &&
        (settings.data.abilities.edit ? (
          <SettingsForm unitId={unitId} settings={settings.data} />
        ) : (
          <SettingsView settings={settings.data} />
        ))}
      <TemplatesSection unitId={unitId} />
    </StaffLayout>
  );
}

function SettingsView({ settings }: { settings: Settings }) {
  const { t, i18n } = useTranslation('inbox');
  return (
    <section aria-labelledby="settings-view-title">
      <h2 id="settings-view-title">{t('settings.current')}</h2>
      <dl className="facts">
        <dt>{t('settings.mode')}</dt>
        <dd>{t(`settings.modes.${settings.patientMode}`)}</dd>
        <dt>{t('settings.target')}</dt>
        <dd>{t('settings.targetValue', { count: settings.targetWorkingDays })}</dd>
        <dt>{t('settings.topics')}</dt>
        <dd>
          {settings.topics.length === 0
            ? t('settings.noTopics')
            : settings.topics.map((x) => (i18n.language === 'en' ? x.labelEn : x.labelSv)).join(', ')}
        </dd>
      </dl>
      <p className="muted">{t('settings.onlyAdmins')}</p>
    </section>
  );
}

interface TopicRow {
  key: string;
  id?: string;
  labelSv: string;
  labelEn: string;
}

function SettingsForm({ unitId, settings }: { unitId: string; settings: Settings }) {
  const { t } = useTranslation(['inbox', 'common']);
  const save = useSaveSettings(unitId);
  const [mode, setMode] = useState<Mode>(settings.patientMode);
  const [target, setTarget] = useState(String(settings.targetWorkingDays));
  const [topics, setTopics] = useState<TopicRow[]>(settings.topics.map((x) => ({ key: x.id, ...x })));
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [saved, setSaved] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const errorOf = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const setTopic = (key: string, change: Partial<TopicRow>) =>
    setTopics((list) => list.map((x) => (x.key === key ? { ...x, ...change } : x)));

  function validate(): ErrorSummaryItem[] {
    const found: ErrorSummaryItem[] = [];
    const days = Number(target);
    if (!Number.isInteger(days) || days < 1 || days > 30)
      found.push({ fieldId: 'settings-target', message: t('settings.errors.target') });
    topics.forEach((x, i) => {
      if (x.labelSv.trim().length < 2)
        found.push({ fieldId: `topic-${x.key}-sv`, message: t('settings.errors.topicSv', { n: i + 1 }) });
      if (x.labelEn.trim().length < 2)
        found.push({ fieldId: `topic-${x.key}-en`, message: t('settings.errors.topicEn', { n: i + 1 }) });
    });
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const found = validate();
    setErrors(found);
    setAttempt((n) => n + 1);
    if (found.length > 0) return;
    try {
      await save.mutateAsync({
        patientMode: mode,
        targetWorkingDays: Number(target),
        topics: topics.map((x) => ({
          ...(x.id ? { id: x.id } : {}),
          labelSv: x.labelSv.trim(),
          labelEn: x.labelEn.trim(),
        })),
      });
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        setErrors(
          Object.entries(fieldTexts(error)).map(([name, message]) => {
            const topic = /^topics\.(\d+)\.label(Sv|En)$/.exec(name);
            const row = topic ? topics[Number(topic[1])] : undefined;
            const fieldId = row
              ? `topic-${row.key}-${topic?.[2] === 'Sv' ? 'sv' : 'en'}`
              : name === 'targetWorkingDays'
                ? 'settings-target'
                : 'settings-mode';
            return { fieldId, message };
          }),
        );
      }
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="settings-form-title">
      <h2 id="settings-form-title">{t('settings.current')}</h2>
      <ErrorSummary items={errors} focusKey={attempt} level={3} />
      {save.error && !(save.error instanceof ApiError && Object.keys(save.error.fields).length > 0) && (
        <ErrorAlert error={save.error} />
      )}
      <RadioGroup
        id="settings-mode"
        legend={t('settings.mode')}
        value={mode}
        onChange={(value) => setMode(value as Mode)}
        options={(['start', 'reply', 'none'] as const).map((m) => ({ value: m, label: t(`settings.modes.${m}`) }))}
      />
      <TextField
        id="settings-target"
        label={t('settings.target')}
        hint={t('settings.targetHint')}
        error={errorOf('settings-target')}
        inputMode="numeric"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
      />
      <fieldset className="settings-topics">
        <legend>{t('settings.topics')}</legend>
        <p className="field__hint">{t('settings.topicsHint')}</p>
        {topics.length === 0 && <p className="muted">{t('settings.noTopics')}</p>}
        <ul className="list-plain">
          {topics.map((x, i) => (
            <li key={x.key} className="settings-topic">
              <TextField
                id={`topic-${x.key}-sv`}
                label={t('settings.topicSv', { n: i + 1 })}
                error={errorOf(`topic-${x.key}-sv`)}
                value={x.labelSv}
                maxLength={80}
                onChange={(e) => setTopic(x.key, { labelSv: e.target.value })}
              />
              <TextField
                id={`topic-${x.key}-en`}
                label={t('settings.topicEn', { n: i + 1 })}
                error={errorOf(`topic-${x.key}-en`)}
                value={x.labelEn}
                maxLength={80}
                onChange={(e) => setTopic(x.key, { labelEn: e.target.value })}
              />
              <Button variant="link" onClick={() => setTopics((list) => list.filter((y) => y.key !== x.key))}>
                {t('settings.removeTopic', { n: i + 1 })}
              </Button>
            </li>
          ))}
        </ul>
        <Button
          variant="secondary"
          onClick={() => setTopics((list) => [...list, { key: `new-${Date.now()}`, labelSv: '', labelEn: '' }])}
        >
          {t('settings.addTopic')}
        </Button>
      </fieldset>
      <div className="button-row">
        <Button type="submit" pending={save.isPending} pendingLabel={t('common:saving')}>
          {t('common:save')}
        </Button>
      </div>
      <div role="status">{saved && <Alert tone="success">{t('settings.saved')}</Alert>}</div>
    </form>
  );
}
