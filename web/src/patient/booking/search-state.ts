/**
 * The free-time search lives in the URL (`/boka?typ=…&kommun=…&fran=…&till=…`),
 * so "back" from the confirmation step, a reload or a shared link shows the
 * same list again.
 */
import type { UnitSummary } from '@ingang/contracts';
import type { z } from 'zod';
import { isDate, plusDays, searchWindow, todayDate } from './format.js';
import type { SlotSearch } from './use-booking.js';

export type Area = 'kommun' | 'postnummer';

export interface SearchValues {
  typ: string;
  omrade: Area;
  /** '' = the whole region. */
  kommun: string;
  postnummer: string;
  fran: string;
  till: string;
}

/** Days searched by default (the demo timebook publishes 14 days ahead). */
export const DEFAULT_DAYS = 14;
/** The server's longest search window. */
export const MAX_DAYS = 92;
export const POSTAL_CODE = /^\d{3} ?\d{2}$/;

/** The search as the URL says, with today → +13 days when no dates are given. */
export function readSearch(params: URLSearchParams, now = new Date()): SearchValues {
  const today = todayDate(now);
  return {
    typ: params.get('typ') ?? '',
    omrade: params.get('omrade') === 'postnummer' ? 'postnummer' : 'kommun',
    kommun: params.get('kommun') ?? '',
    postnummer: params.get('postnummer') ?? '',
    fran: params.get('fran') ?? today,
    till: params.get('till') ?? plusDays(today, DEFAULT_DAYS - 1),
  };
}

/** URL parameters for a search (only what is set). */
export function writeSearch(values: SearchValues): URLSearchParams {
  const out = new URLSearchParams();
  if (values.typ) out.set('typ', values.typ);
  out.set('omrade', values.omrade);
  if (values.omrade === 'kommun' && values.kommun) out.set('kommun', values.kommun);
  if (values.omrade === 'postnummer' && values.postnummer) out.set('postnummer', values.postnummer.trim());
  out.set('fran', values.fran);
  out.set('till', values.till);
  return out;
}

export type SearchErrors = Partial<Record<'typ' | 'postnummer' | 'fran' | 'till', string>>;

/** Problems with the search, as i18n keys of the booking namespace. */
export function checkSearch(values: SearchValues, now = new Date()): SearchErrors {
  const errors: SearchErrors = {};
  if (!values.typ) errors.typ = 'search.errors.typeRequired';
  if (values.omrade === 'postnummer' && !POSTAL_CODE.test(values.postnummer.trim()))
    errors.postnummer = 'search.errors.postalCode';
  if (!isDate(values.fran)) errors.fran = 'search.errors.date';
  if (!isDate(values.till)) errors.till = 'search.errors.date';
  else if (isDate(values.fran)) {
    if (values.till < values.fran) errors.till = 'search.errors.toBeforeFrom';
    else if (values.till < todayDate(now)) errors.till = 'search.errors.past';
    else if (values.till > plusDays(values.fran, MAX_DAYS - 1)) errors.till = 'search.errors.tooLong';
  }
  return errors;
}

/** The API search for valid values (null when something is missing or wrong). */
export function toSlotSearch(
  values: SearchValues,
  units: z.infer<typeof UnitSummary>[] | undefined,
  now = new Date(),
): SlotSearch | null {
  if (Object.keys(checkSearch(values, now)).length > 0) return null;
  const range = searchWindow(values.fran, values.till);
  if (values.omrade === 'postnummer') return { timeTypeId: values.typ, ...range, near: values.postnummer.trim() };
  if (!values.kommun) return { timeTypeId: values.typ, ...range };
  // The municipality's units; until the directory has loaded, wait rather than search the whole region.
  if (!units) return null;
  const unitIds = units.filter((u) => u.municipality === values.kommun).map((u) => u.id);
  return { timeTypeId: values.typ, ...range, unitIds };
}
