/**
 * What a person needs at the door without network: their coming bookings (what, when, where, the
 * reference), kept on this device in localStorage with the moment they were saved. Only what the
 * booking card shows, nothing of the record; forgotten at log out and when the session ends (see
 * session/logout.ts), so a shared device does not keep it.
 */
import type { Booking } from '@ingang/contracts';
import i18n from 'i18next';
import { timeTypeName } from '../booking/format.js';

const KEY = 'ingang.offline.bookings';

export interface SavedBooking {
  id: string;
  start: string;
  end: string;
  what: string;
  who: string;
  unitName: string;
  unitAddress: string;
}

export interface SavedBookings {
  savedAt: string;
  bookings: SavedBooking[];
}

/** Keeps the coming bookings for offline reading (called whenever the list is fetched). */
export function saveBookingsForOffline(bookings: Booking[], now = new Date()): void {
  const coming = bookings
    .filter((b) => (b.status === 'booked' || b.status === 'arrived') && new Date(b.end) > now)
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((b) => ({
      id: b.id,
      start: b.start,
      end: b.end,
      what: timeTypeName(b.timeType, i18n.language),
      who: b.patient.name,
      unitName: b.unit.name,
      unitAddress: b.unit.address,
    }));
  try {
    localStorage.setItem(KEY, JSON.stringify({ savedAt: now.toISOString(), bookings: coming }));
  } catch {
    // Storage refused (private mode, full): offline reading is a convenience.
  }
}

/** The saved list, or null when there is none (or it cannot be read). */
export function readSavedBookings(): SavedBookings | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as SavedBookings;
    return typeof value?.savedAt === 'string' && Array.isArray(value.bookings) ? value : null;
  } catch {
    return null;
  }
}

export function forgetSavedBookings(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
}
