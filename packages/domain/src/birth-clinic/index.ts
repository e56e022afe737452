export * from './allocate.js';
export * from './capacity.js';
export * from './pregnancy.js';
export * from './wishes.js';
