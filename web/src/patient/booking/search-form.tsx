/**
 * "Sök lediga tider": what (time type), where (a municipality, or near a
 * postal code) and which dates. Checked here first; the search itself is
 * written to the URL, which the result list reads.
 */
import type { PublicTimeType, UnitSummary } from '@ingang/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';
import { ErrorSummary } from '../../ui/error-summary.js';
import { Button, Select, TextField } from '../../ui/index.js';
import { RadioGroup } from '../../ui/radio-group.js';
import { todayDate } from './format.js';
import { checkSearch, readSearch, type SearchErrors, type SearchValues, writeSearch } from './search-state.js';

export interface SearchFormProps {
  /** Self-bookable types to choose from; omit with `fixedTypeId` (rebooking keeps the type). */
  timeTypes?: PublicTimeType[];
  fixedTypeId?: string;
  units: z.infer<typeof UnitSummary>[];
}

export function SearchForm({ timeTypes, fixedTypeId, units }: SearchFormProps) {
  const { t, i18n } = useTranslation('booking');
  const id = useId();
  const [params, setParams] = useSearchParams();
  const [values, setValues] = useState<SearchValues>(() => {
    const read = readSearch(params);
    return fixedTypeId ? { ...read, typ: fixedTypeId } : read;
  });
  const [errors, setErrors] = useState<SearchErrors>({});
  const [attempt, setAttempt] = useState(0);
  const ids = { typ: `${id}-typ`, postnummer: `${id}-postnummer`, fran: `${id}-fran`, till: `${id}-till` };
  const municipalities = [...new Set(units.map((u) => u.municipality))].sort((a, b) => a.localeCompare(b, 'sv'));
  const english = i18n.language.startsWith('en');

  const set = (patch: Partial<SearchValues>) => setValues((v) => ({ ...v, ...patch }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = checkSearch(values);
    setErrors(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length === 0) setParams(writeSearch(values));
  }

  const message = (field: keyof SearchErrors) => (errors[field] ? t(errors[field] ?? '') : undefined);
  const summary = (Object.keys(ids) as (keyof SearchErrors)[])
    .filter((f) => errors[f])
    .map((f) => ({ fieldId: ids[f], message: message(f) ?? '' }));

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>{t('search.title')}</h2>
      <ErrorSummary level={3} items={summary} focusKey={attempt} />
      {!fixedTypeId && timeTypes && (
        <Select
          id={ids.typ}
          label={t('search.type')}
          value={values.typ}
          onChange={(e) => set({ typ: e.target.value })}
          error={message('typ')}
          options={[
            { value: '', label: t('search.typePlaceholder') },
            ...timeTypes.map((tt) => ({ value: tt.id, label: english ? tt.nameEn : tt.name })),
          ]}
        />
      )}
      <RadioGroup
        legend={t('search.area')}
        value={values.omrade}
        onChange={(value) => set({ omrade: value === 'postnummer' ? 'postnummer' : 'kommun' })}
        options={[
          { value: 'kommun', label: t('search.areaMunicipality') },
          { value: 'postnummer', label: t('search.areaPostalCode') },
        ]}
      />
      {values.omrade === 'kommun' ? (
        <Select
          label={t('search.municipality')}
          value={values.kommun}
          onChange={(e) => set({ kommun: e.target.value })}
          options={[
            { value: '', label: t('search.allMunicipalities') },
            ...municipalities.map((m) => ({ value: m, label: m })),
          ]}
        />
      ) : (
        <TextField
          id={ids.postnummer}
          label={t('search.postalCode')}
          hint={t('search.postalCodeHint')}
          inputMode="numeric"
          autoComplete="postal-code"
          value={values.postnummer}
          onChange={(e) => set({ postnummer: e.target.value })}
          error={message('postnummer')}
        />
      )}
      <TextField
        id={ids.fran}
        type="date"
        label={t('search.from')}
        min={todayDate()}
        value={values.fran}
        onChange={(e) => set({ fran: e.target.value })}
        error={message('fran')}
      />
      <TextField
        id={ids.till}
        type="date"
        label={t('search.to')}
        min={values.fran || todayDate()}
        value={values.till}
        onChange={(e) => set({ till: e.target.value })}
        error={message('till')}
      />
      <Button type="submit">{t('search.submit')}</Button>
    </form>
  );
}
