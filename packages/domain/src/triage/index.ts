export * from './demo.js';
export * from './document.js';
export * from './errands.js';
export * from './evaluate.js';
export * from './outcome.js';
export * from './report.js';
export * from './routing.js';
export * from './rules.js';
