export * from './capacity.js';
export * from './pace.js';
export * from './queue.js';
export * from './shuffle.js';
