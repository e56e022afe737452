/**
 * /admin/formular and /admin/formular/:id — health-declaration forms: the list,
 * "Nytt formulär", and per form its versions with "Ny version" as JSON checked
 * by the server (a visual form builder is out of scope; the hint says so).
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, codeText, fieldError, fieldTexts } from '../../api/errors.js';
import { useLabels } from '../../staff/format.js';
import { DataTable } from '../../ui/data-table.js';
import { Alert, Button, ErrorAlert, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import { AdminLayout } from '../admin-frame.js';
import { AdminTimebookNav } from './admin-timebook-nav.js';
import { useAddFormVersion, useCreateForm, useForm, useForms } from './timebook-admin-api.js';

/** Parses the JSON text area: the object, or a message for the field. */
function parseDefinition(text: string, t: (k: string) => string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return t('admin.forms.jsonObject');
    return value as Record<string, unknown>;
  } catch {
    return t('admin.forms.jsonInvalid');
  }
}

/** The web's words for what is wrong with the definition (its own field, or the whole error). */
const definitionError = (error: unknown) =>
  error instanceof ApiError
    ? (Object.entries(fieldTexts(error)).find(([k]) => k.startsWith('definition'))?.[1] ??
      (error.status === 400 ? (codeText(error.code) ?? codeText('invalid_input')) : undefined))
    : undefined;

export function FormsPage() {
  const { t } = useTranslation(['timebook', 'common']);
  usePageTitle(t('admin.forms.title'));
  const forms = useForms();
  const labels = useLabels();
  const create = useCreateForm();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const nameError = fieldError(create.error, 'name');

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name }, { onSuccess: (form) => navigate(`/admin/formular/${form.id}`) });
  }

  return (
    <AdminLayout>
      <h1>{t('admin.forms.title')}</h1>
      <AdminTimebookNav />
      <p>{t('admin.forms.lead')}</p>
      {!forms.data ? (
        forms.error ? (
          <ErrorAlert error={forms.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : forms.data.length === 0 ? (
        <p>{t('admin.forms.empty')}</p>
      ) : (
        <DataTable
          caption={t('admin.forms.title')}
          rows={forms.data}
          rowKey={(f) => f.id}
          columns={[
            {
              key: 'name',
              header: t('admin.forms.name'),
              render: (f) => <Link to={`/admin/formular/${f.id}`}>{f.name}</Link>,
            },
            {
              key: 'version',
              header: t('admin.forms.latest'),
              render: (f) => (f.latestVersion === null ? t('admin.forms.noVersion') : f.latestVersion),
            },
            { key: 'created', header: t('admin.forms.created'), render: (f) => labels.dateTime(f.createdAt) },
          ]}
        />
      )}
      <section aria-labelledby="form-create-title">
        <h2 id="form-create-title">{t('admin.forms.createTitle')}</h2>
        <form onSubmit={submit} noValidate>
          <ErrorAlert error={create.error && !nameError ? create.error : null} />
          <TextField
            id="form-name"
            label={t('admin.forms.name')}
            value={name}
            error={nameError}
            onChange={(e) => setName(e.target.value)}
          />
          <div className="button-row">
            <Button type="submit" pending={create.isPending} pendingLabel={t('common:saving')}>
              {t('admin.forms.create')}
            </Button>
          </div>
        </form>
      </section>
    </AdminLayout>
  );
}

export function FormPage({ formId }: { formId: string }) {
  const { t } = useTranslation(['timebook', 'common']);
  const labels = useLabels();
  const form = useForm(formId);
  const add = useAddFormVersion(formId);
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  usePageTitle(form.data?.name ?? t('admin.forms.title'));
  const latest = form.data?.versions.at(-1);
  const fieldError = localError ?? definitionError(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseDefinition(text, t);
    if (typeof parsed === 'string') {
      setLocalError(parsed);
      document.getElementById('form-definition')?.focus();
      return;
    }
    setLocalError(null);
    add.mutate(parsed, { onSuccess: () => setText('') });
  }

  return (
    <AdminLayout>
      <p>
        <Link to="/admin/formular">← {t('admin.nav.forms')}</Link>
      </p>
      <h1>{form.data?.name ?? t('admin.forms.title')}</h1>
      {!form.data ? (
        form.error ? (
          <ErrorAlert error={form.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : (
        <>
          <h2>{t('admin.forms.versions')}</h2>
          {form.data.versions.length === 0 && <p>{t('admin.forms.noVersion')}</p>}
          <ul className="list-plain">
            {[...form.data.versions].reverse().map((v) => (
              <li key={v.id} className="card">
                <details>
                  <summary>
                    {t('admin.forms.version', { version: v.version, when: labels.dateTime(v.createdAt) })}
                  </summary>
                  <pre className="tb-json">{JSON.stringify(v.definition, null, 2)}</pre>
                </details>
              </li>
            ))}
          </ul>
          <section aria-labelledby="form-version-title">
            <h2 id="form-version-title">{t('admin.forms.addTitle')}</h2>
            <form onSubmit={submit} noValidate>
              {add.isSuccess && <Alert tone="success">{t('admin.forms.added', { version: add.data.version })}</Alert>}
              <ErrorAlert error={add.error && !fieldError ? add.error : null} />
              <TextArea
                id="form-definition"
                label={t('admin.forms.definition')}
                hint={t('admin.forms.definitionHint')}
                rows={14}
                spellCheck={false}
                className="tb-json-field"
                value={text}
                error={fieldError ?? undefined}
                onChange={(e) => setText(e.target.value)}
              />
              <div className="button-row">
                {latest && (
                  <Button variant="secondary" onClick={() => setText(JSON.stringify(latest.definition, null, 2))}>
                    {t('admin.forms.copyLatest')}
                  </Button>
                )}
                <Button type="submit" pending={add.isPending} pendingLabel={t('common:saving')}>
                  {t('admin.forms.add')}
                </Button>
              </div>
            </form>
          </section>
        </>
      )}
    </AdminLayout>
  );
}
