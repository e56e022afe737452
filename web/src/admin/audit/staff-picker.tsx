/** "Sök personal" for the audit filter: search by name or HSA-id, then choose one member from the matches. */
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert, Select, Spinner, TextField } from '../../ui/index.js';
import { useStaffSearch } from './audit-api.js';

export function StaffPicker({ staffId, onChange }: { staffId: string; onChange: (staffId: string) => void }) {
  const { t } = useTranslation(['audit', 'common']);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const search = useStaffSearch(q);
  const matches = search.data ?? [];

  function run() {
    onChange('');
    setQ(text.trim());
  }
  // Enter in the staff search runs the staff search, not the whole audit search.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      run();
    }
  }

  return (
    <div className="audit-staff">
      <div className="audit-staff__search">
        <TextField
          id="audit-staff-q"
          type="search"
          label={t('audit:staffSearch')}
          hint={t('audit:staffSearchHint')}
          value={text}
          autoComplete="off"
          onKeyDown={onKeyDown}
          onChange={(e) => setText(e.target.value)}
        />
        <Button variant="secondary" onClick={run} disabled={!text.trim()}>
          {t('audit:staffSearchSubmit')}
        </Button>
      </div>
      {q && search.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={search.error} />
      {q && search.data && matches.length === 0 && <p role="status">{t('audit:staffNone')}</p>}
      {matches.length > 0 && (
        <Select
          id="audit-staff"
          label={t('audit:staffResults')}
          value={staffId}
          onChange={(e) => onChange(e.target.value)}
          options={[
            { value: '', label: t('audit:staffAny') },
            ...matches.map((m) => ({
              value: m.staffId,
              label: `${m.givenName} ${m.familyName}${m.title ? `, ${m.title}` : ''} (${m.hsaId})`,
            })),
          ]}
        />
      )}
    </div>
  );
}
