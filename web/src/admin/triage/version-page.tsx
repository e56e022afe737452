/**
 * /admin/triage/versioner/:id — one version: its FHIR JSON (editable while a
 * draft), a live preview of the questions parsed in the browser by the same
 * engine the server uses, the test bench results and what blocks publishing,
 * export, and Publish (refused by the server unless every case passes).
 */
import { flattenItems, parseTriageDocument } from '@ingang/domain';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { AdminLayout } from '../admin-frame.js';
import { useVersion, useVersionActions, type VersionDetail } from './triage-admin-api.js';

export function TriageVersionPage({ versionId }: { versionId: string }) {
  const { t } = useTranslation(['triage', 'common']);
  const version = useVersion(versionId);
  usePageTitle(version.data ? t('admin.version', { n: version.data.version }) : t('admin.title'));
  return (
    <AdminLayout>
      {version.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={version.error} />
      {version.data && <Editor version={version.data} />}
    </AdminLayout>
  );
}

function Editor({ version }: { version: VersionDetail }) {
  const { t } = useTranslation('triage');
  const [text, setText] = useState(() => JSON.stringify(version.document, null, 2));
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setText(JSON.stringify(version.document, null, 2)), [version.document]);
  const actions = useVersionActions();
  const draft = version.status === 'draft';
  const parsed = useMemo(() => {
    try {
      return { json: JSON.parse(text) as unknown };
    } catch {
      return { json: undefined };
    }
  }, [text]);
  const preview = parsed.json === undefined ? null : parseTriageDocument(parsed.json);

  return (
    <>
      <h1>
        {t('admin.version', { n: version.version })} — {t(`admin.status.${version.status}`)}
      </h1>
      <p className="muted">{version.url}</p>
      {notice && <Alert tone="success">{notice}</Alert>}
      <ErrorAlert error={actions.save.error ?? actions.publish.error} />
      <div className="field">
        <label htmlFor="triage-json">{t('admin.document')}</label>
        <textarea
          id="triage-json"
          className="field__input triage-json"
          rows={16}
          value={text}
          readOnly={!draft}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
        {parsed.json === undefined && <p className="field__error">{t('admin.invalidJson')}</p>}
      </div>
      <div className="button-row">
        {draft && (
          <Button
            disabled={parsed.json === undefined}
            pending={actions.save.isPending}
            onClick={() =>
              actions.save.mutate(
                { id: version.id, document: parsed.json },
                { onSuccess: () => setNotice(t('admin.saved')) },
              )
            }
          >
            {t('admin.save')}
          </Button>
        )}
        {draft && (
          <Button
            variant="secondary"
            pending={actions.publish.isPending}
            onClick={() => actions.publish.mutate(version.id, { onSuccess: () => setNotice(t('admin.published')) })}
          >
            {t('admin.publish')}
          </Button>
        )}
        <a className="button button--link" href={`/api/admin/triage/versions/${version.id}/fhir`} download>
          {t('admin.exportFhir')}
        </a>
      </div>

      <section aria-labelledby="triage-preview">
        <h2 id="triage-preview">{t('admin.preview')}</h2>
        {preview && !preview.ok && (
          <ul>
            {preview.problems.map((p) => (
              <li key={`${p.linkId}-${p.code}-${p.message}`}>{p.message}</li>
            ))}
          </ul>
        )}
        {preview?.ok && (
          <ol>
            {flattenItems(preview.value.questionnaire)
              .filter((p) => p.item.type !== 'group')
              .map((p) => (
                <li key={p.item.linkId}>
                  {p.item.text}{' '}
                  <span className="muted">
                    ({p.item.linkId}
                    {p.item.enableWhen ? ', villkorad' : ''})
                  </span>
                </li>
              ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="triage-bench">
        <h2 id="triage-bench">{t('admin.bench')}</h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.benchCase')}</th>
                <th scope="col">{t('admin.benchActual')}</th>
                <th scope="col">{t('admin.benchPassed')}</th>
              </tr>
            </thead>
            <tbody>
              {version.bench.map((c) => (
                <tr key={c.name}>
                  <th scope="row">{c.name}</th>
                  <td>
                    {c.actual
                      ? `${t(`route.${c.actual.route}`)}, ${t(`urgency.${c.actual.urgency}`)}`
                      : c.problems.map((p) => p.message).join(' ')}
                  </td>
                  <td>{c.passed ? t('admin.benchPassed') : t('admin.benchFailed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {draft &&
          (version.blockers.length ? (
            <Alert tone="warning" title={t('admin.blockers')}>
              <ul>
                {version.blockers.map((b) => (
                  <li key={`${b.linkId}-${b.code}-${b.message}`}>{b.message}</li>
                ))}
              </ul>
            </Alert>
          ) : (
            <p>{t('admin.noBlockers')}</p>
          ))}
      </section>
    </>
  );
}
