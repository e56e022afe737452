/** Log out (this device or all devices) and forget everything the previous user had loaded. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.js';
import { forgetDrafts } from '../patient/messages/drafts.js';
import { forgetSavedBookings } from '../patient/offline/saved-bookings.js';

/** Why the user landed on a start page. */
export type SessionNotice = 'loggedOut' | 'loggedOutEverywhere' | 'expired';

const NOTICE_KEY = 'ingang.sessionNotice';

/**
 * Goes to the start page with a notice by a full page load. A reload is deliberate: it drops
 * every query cache, acting-for choice and form state of the previous user at once (on a
 * shared computer nothing of theirs stays in memory), and no route guard can race the
 * navigation. The notice survives the reload in sessionStorage and is read once.
 */
export function leaveSession(homePath: string, notice: SessionNotice) {
  forgetSavedBookings();
  forgetDrafts();
  try {
    sessionStorage.setItem(NOTICE_KEY, notice);
  } catch {
    // Storage may be disabled; the notice is a courtesy.
  }
  window.location.assign(homePath);
}

/** A mutation that logs out on the server and then leaves the session (see `leaveSession`). */
export function useLogout(options: { everywhere?: boolean; homePath?: string } = {}) {
  const everywhere = options.everywhere ?? false;
  return useMutation({
    mutationFn: () => api.post(everywhere ? '/api/auth/logout-everywhere' : '/api/auth/logout'),
    // Whatever the server said, this device forgets the user.
    onSettled: () => leaveSession(options.homePath ?? '/', everywhere ? 'loggedOutEverywhere' : 'loggedOut'),
  });
}

function readNotice(): SessionNotice | null {
  try {
    const notice = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    return notice === 'loggedOut' || notice === 'loggedOutEverywhere' || notice === 'expired' ? notice : null;
  } catch {
    return null;
  }
}

/** The notice a logout or expiry left for the page now shown (read once per page load). */
export function useSessionNotice(): SessionNotice | null {
  const [notice] = useState(readNotice);
  return notice;
}
