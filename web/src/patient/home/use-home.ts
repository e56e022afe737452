/**
 * What the start page after login ("Hem") and the tab bar's badges read: the person's (and those
 * they act for) coming bookings and meetings, unread messages, open kallelser and offers. Each is
 * the same query its own page uses, so the caches are shared and nothing is fetched twice.
 */
import type { Booking, CitizenInvitation, CitizenOffer } from '@ingang/contracts';
import { useCitizen } from '../../api/me.js';
import { useMyMeetings } from '../../video/video-api.js';
import { useBookings } from '../booking/use-booking.js';
import { useInvitations } from '../invitations/invitations-api.js';
import { useConversationLists } from '../messages/messages-api.js';
import { useOffers } from '../offers/offers-api.js';

/** Coming bookings, soonest first. */
export function upcomingBookings(bookings: Booking[], now: number): Booking[] {
  return bookings
    .filter((b) => (b.status === 'booked' || b.status === 'arrived') && new Date(b.end).getTime() > now)
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** Kallelser that still wait for the person's answer. */
export function openInvitations(invitations: CitizenInvitation[]): CitizenInvitation[] {
  return invitations.filter((i) => i.status === 'proposed' || i.status === 'pending');
}

/** Offers that can still be booked (no booking made through them yet). */
export function openOffers(offers: CitizenOffer[]): CitizenOffer[] {
  return offers.filter((o) => o.bookingId === null && o.abilities.canBook);
}

/** Unread messages over oneself and everyone one acts for. */
export function useUnreadMessages(): number {
  const me = useCitizen();
  const subjects: (string | null)[] = [null, ...(me?.actingFor ?? []).map((a) => a.personId)];
  const lists = useConversationLists(me ? subjects : []);
  let unread = 0;
  for (const list of lists) for (const c of list.data ?? []) unread += c.unreadCount;
  return unread;
}

export function useHome() {
  const bookings = useBookings();
  const meetings = useMyMeetings();
  const invitations = useInvitations();
  const offers = useOffers();
  const unread = useUnreadMessages();
  return { bookings, meetings, invitations, offers, unread };
}
