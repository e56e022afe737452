/**
 * The pages of "Kallelser och erbjudanden", loaded lazily by the patient
 * routes (`lazy` on /kallelser, /kallelser/:id and /erbjudanden/:id).
 */
export { OfferPage } from '../offers/offer-page.js';
export { InboxPage } from './inbox-page.js';
export { InvitationPage } from './invitation-page.js';
