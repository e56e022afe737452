export * from './queue.js';
export * from './shuffle.js';
