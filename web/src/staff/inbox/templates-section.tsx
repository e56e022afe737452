/** "Standardsvar": the unit's templates; unit admins add, change and remove them. */
import type { MessagingTemplate } from '@ingang/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/error-summary.js';
import { Button, ErrorAlert, Spinner, TextField } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { useSaveTemplate, useTemplates } from './inbox-api.js';

type Template = z.infer<typeof MessagingTemplate>;

export function TemplatesSection({ unitId }: { unitId: string }) {
  const { t } = useTranslation(['inbox', 'common']);
  const templates = useTemplates(unitId);
  const save = useSaveTemplate(unitId);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [notice, setNotice] = useState('');
  const canEdit = templates.data?.abilities.edit ?? false;
  const list = templates.data?.data ?? [];

  return (
    <section aria-labelledby="templates-title">
      <h2 id="templates-title">{t('templates.title')}</h2>
      <p>{t('templates.lead')}</p>
      {templates.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={templates.error ?? (editing ? null : save.error)} />
      <div role="status">{notice && <p className="alert alert--success">{notice}</p>}</div>
      {templates.data && list.length === 0 && <p className="muted">{t('templates.none')}</p>}
      <ul className="list-plain">
        {list.map((x) => (
          <li key={x.id} className="card">
            <h3>{x.title}</h3>
            <p className="msg__body">{x.body}</p>
            {canEdit && (
              <div className="button-row">
                <Button variant="secondary" onClick={() => setEditing(x)}>
                  {t('templates.edit', { title: x.title })}
                </Button>
                <Button
                  variant="danger"
                  onClick={() =>
                    save.mutate(
                      { id: x.id, remove: true, title: x.title, body: x.body },
                      { onSuccess: () => setNotice(t('templates.removed', { title: x.title })) },
                    )
                  }
                >
                  {t('templates.remove', { title: x.title })}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {canEdit && editing === null && (
        <Button variant="secondary" onClick={() => setEditing('new')}>
          {t('templates.add')}
        </Button>
      )}
      {canEdit && editing !== null && (
        <TemplateForm
          key={editing === 'new' ? 'new' : editing.id}
          template={editing === 'new' ? null : editing}
          pending={save.isPending}
          error={save.error}
          onCancel={() => setEditing(null)}
          onSave={(input) =>
            save.mutate(
              { ...input, id: editing === 'new' ? undefined : editing.id },
              {
                onSuccess: () => {
                  setEditing(null);
                  setNotice(t('templates.saved', { title: input.title }));
                },
              },
            )
          }
        />
      )}
    </section>
  );
}

function TemplateForm({
  template,
  pending,
  error,
  onCancel,
  onSave,
}: {
  template: Template | null;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSave: (input: { title: string; body: string }) => void;
}) {
  const { t } = useTranslation(['inbox', 'common']);
  const [title, setTitle] = useState(template?.title ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: ErrorSummaryItem[] = [];
    if (title.trim().length < 2) found.push({ fieldId: 'template-title', message: t('templates.errors.title') });
    if (!body.trim()) found.push({ fieldId: 'template-body', message: t('templates.errors.body') });
    setErrors(found);
    setAttempt((n) => n + 1);
    if (found.length === 0) onSave({ title: title.trim(), body: body.trim() });
  }

  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="template-form-title">
      <h3 id="template-form-title">{template ? t('templates.editTitle') : t('templates.add')}</h3>
      <ErrorSummary items={errors} focusKey={attempt} level={3} />
      <ErrorAlert error={error} />
      <TextField
        id="template-title"
        label={t('templates.titleLabel')}
        error={errors.find((e) => e.fieldId === 'template-title')?.message}
        value={title}
        maxLength={120}
        onChange={(e) => setTitle(e.target.value)}
      />
      <TextArea
        id="template-body"
        label={t('templates.bodyLabel')}
        error={errors.find((e) => e.fieldId === 'template-body')?.message}
        value={body}
        rows={6}
        onChange={(e) => setBody(e.target.value)}
      />
      <div className="button-row">
        <Button type="submit" pending={pending} pendingLabel={t('common:saving')}>
          {t('common:save')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common:cancel')}
        </Button>
      </div>
    </form>
  );
}
