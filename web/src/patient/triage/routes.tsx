/** The triage pages, loaded on demand. */

export { CareContactWritePage } from './care-contact.js';
export { ErrandPage } from './errand-page.js';
export { TriageSessionPage } from './session-page.js';
export { TriageStartPage } from './start-page.js';
