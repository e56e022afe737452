/**
 * "Agera för": whom the citizen is acting for right now — themself or someone
 * in `me.actingFor` (a child under 13, or someone who made them ombud). The
 * choice lives in React state only (never a cookie), so it resets on reload
 * and cannot leak between tabs or users. Later features read `useActingFor()`
 * and send `subject.personId` with their requests.
 */
import type { CitizenMe } from '@ingang/contracts';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCitizen } from '../api/me.js';
import { Button, Select } from '../ui/index.js';

type ActingForEntry = CitizenMe['actingFor'][number];

export interface Subject {
  personId: string;
  name: string;
  personalNumber: string;
  /** True when the citizen acts for themself. */
  self: boolean;
  relation: ActingForEntry['relation'] | null;
}

export interface ActingForValue {
  /** The person the app acts for, or null when nobody is logged in. */
  subject: Subject | null;
  /** Everyone the citizen may act for (not including themself). */
  options: ActingForEntry[];
  /** Act for someone in `options`, or pass null to act for oneself. */
  actFor(personId: string | null): void;
}

const ActingForContext = createContext<ActingForValue>({ subject: null, options: [], actFor: () => undefined });

/** Holds the acting-for choice for the patient area. */
export function ActingForProvider({ children }: { children: ReactNode }) {
  const me = useCitizen();
  const [chosen, setChosen] = useState<string | null>(null);
  const value = useMemo<ActingForValue>(() => {
    if (!me) return { subject: null, options: [], actFor: setChosen };
    // A right can end while the page is open (a child turns 13): fall back to oneself.
    const other = chosen ? me.actingFor.find((a) => a.personId === chosen) : undefined;
    const subject: Subject = other
      ? {
          personId: other.personId,
          name: other.name,
          personalNumber: other.personalNumber,
          self: false,
          relation: other.relation,
        }
      : { personId: me.personId, name: me.name, personalNumber: me.personalNumber, self: true, relation: null };
    return { subject, options: me.actingFor, actFor: setChosen };
  }, [me, chosen]);
  return <ActingForContext.Provider value={value}>{children}</ActingForContext.Provider>;
}

/** Whom the citizen acts for; see ActingForValue. */
export function useActingFor(): ActingForValue {
  return useContext(ActingForContext);
}

/**
 * The header select "Agera för" (only when the citizen may act for someone).
 * Choosing someone else opens their page (/for/:personId); the hint says so
 * beforehand, since a change of page on select is otherwise unexpected.
 */
export function ActingForSwitcher() {
  const { t } = useTranslation('patient');
  const me = useCitizen();
  const navigate = useNavigate();
  const { subject, options, actFor } = useActingFor();
  if (!me || !subject || options.length === 0) return null;
  return (
    <Select
      className="acting-for"
      label={t('actingFor.label')}
      hint={t('actingFor.hint')}
      value={subject.self ? '' : subject.personId}
      onChange={(event) => {
        const personId = event.target.value || null;
        actFor(personId);
        if (personId) navigate(`/for/${personId}`);
      }}
      options={[
        { value: '', label: t('actingFor.self', { name: me.name }) },
        ...options.map((o) => ({ value: o.personId, label: `${o.name} (${t(`actingFor.relation.${o.relation}`)})` })),
      ]}
    />
  );
}

/** The banner under the header on every patient page while acting for someone else. */
export function ActingForBanner() {
  const { t } = useTranslation('patient');
  const { subject, actFor } = useActingFor();
  if (!subject || subject.self) return null;
  return (
    <div className="banner">
      <div className="banner__inner">
        <p className="banner__text" role="status">
          <strong>{t('actingFor.youActFor', { name: subject.name })}</strong>{' '}
          <Link to={`/for/${subject.personId}`}>{t('actingFor.theirPage', { name: subject.name })}</Link>
        </p>
        <Button variant="secondary" onClick={() => actFor(null)}>
          {t('actingFor.backToSelf')}
        </Button>
      </div>
    </div>
  );
}
