/** Zod schemas of every HTTP message: the server validates with them, the web app types its client with them. */
export * from './audit.js';
export * from './auth.js';
export * from './booking.js';
export * from './care.js';
export * from './common.js';
export * from './dev-mail.js';
export * from './invitations.js';
export * from './me.js';
export * from './messaging.js';
export * from './offers.js';
export * from './profile.js';
export * from './proxies.js';
export * from './timebook.js';
export * from './triage.js';
export * from './units.js';
export * from './video.js';
