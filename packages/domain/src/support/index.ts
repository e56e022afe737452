/** Citizen support: opening-hours calendar, case states, assignment, mail rules, standard answers, figures. */
export * from './assignment.js';
export * from './calendar.js';
export * from './case-state.js';
export * from './figures.js';
export * from './mail-rules.js';
export * from './standard-answers.js';
