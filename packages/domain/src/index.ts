/** @ingang/domain — pure domain rules, no I/O. */
export * from './age.js';
export * from './bankid.js';
export * from './bankid-texts.js';
export * from './calendar-date.js';
export * from './care-relationship.js';
export * from './guardianship.js';
export * from './personnummer.js';
export * from './personnummer-generator.js';
export * from './proxy-rights.js';
export * from './roles.js';
