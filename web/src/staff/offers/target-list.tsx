/**
 * The uploaded target list: personnummer pasted or read from a file, checked
 * by the server row by row ("Granska listan"), with every row's problem shown
 * before anything is saved. Only a clean list yields a token for the offer.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../ui/data-table.js';
import { Alert, Button, ErrorAlert, Field } from '../../ui/index.js';
import { TextArea } from '../../ui/text-area.js';
import type { OfferTargetListPreview } from './offers-api.js';

export interface TargetListProps {
  text: string;
  onText: (text: string) => void;
  /** The preview of the text as it was validated, with the text it belongs to. */
  preview: { text: string; result: OfferTargetListPreview } | null;
  validating: boolean;
  validateError: unknown;
  onValidate: () => void;
  error?: string;
}

export function TargetList({ text, onText, preview, validating, validateError, onValidate, error }: TargetListProps) {
  const { t } = useTranslation('offers');
  const resultId = useId();
  const result = preview?.result;
  const stale = preview !== null && preview.text !== text;
  return (
    <div data-testid="target-list">
      <TextArea
        id="off-list"
        label={t('create.listText')}
        hint={t('create.listHint')}
        rows={6}
        spellCheck={false}
        value={text}
        error={error}
        onChange={(e) => onText(e.target.value)}
      />
      <Field id="off-list-file" label={t('create.listFile')}>
        {(control) => (
          <input
            {...control}
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            className="field__input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then(onText);
            }}
          />
        )}
      </Field>
      <div className="button-row">
        <Button variant="secondary" onClick={onValidate} pending={validating} pendingLabel={t('create.validating')}>
          {t('create.validate')}
        </Button>
      </div>
      <ErrorAlert error={validateError} />
      {result && (
        <section aria-labelledby={resultId} data-testid="target-preview">
          <h3 id={resultId}>{t('create.previewTitle')}</h3>
          {stale && <Alert tone="warning">{t('create.listChanged')}</Alert>}
          {result.errorCount > 0 ? (
            <Alert tone="error">
              <span data-testid="target-preview-summary">
                {t('create.previewErrors', { count: result.errorCount })}
              </span>
            </Alert>
          ) : (
            <Alert tone="success">
              <span data-testid="target-preview-summary">{t('create.previewOk', { count: result.okCount })}</span>
            </Alert>
          )}
          <DataTable
            caption={t('create.previewCaption')}
            rows={result.rows}
            rowKey={(r) => String(r.line)}
            columns={[
              { key: 'line', header: t('create.line'), render: (r) => r.line },
              { key: 'input', header: t('create.input'), render: (r) => r.input || '–' },
              {
                key: 'status',
                header: t('create.rowStatus'),
                render: (r) => (
                  <span data-testid="target-row-status" data-status={r.status}>
                    {r.status === 'ok' ? (
                      t('create.rowStatuses.ok')
                    ) : (
                      <strong>{r.message ?? t(`create.rowStatuses.${r.status}`)}</strong>
                    )}
                  </span>
                ),
              },
            ]}
          />
        </section>
      )}
    </div>
  );
}
