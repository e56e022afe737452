export * from './capacity.js';
export * from './queue.js';
export * from './shuffle.js';
