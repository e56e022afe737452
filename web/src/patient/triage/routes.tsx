/** The triage pages, loaded on demand. */
export { TriageSessionPage } from './session-page.js';
export { TriageStartPage } from './start-page.js';
