export * from './flow.js';
export * from './response.js';
export * from './structure.js';
export * from './types.js';
export * from './values.js';
