/** Secure messages: conversation states, who may write, answer-time targets and file-type sniffing. */
export * from './conversation-state.js';
export * from './policy.js';
export * from './sniff.js';
export * from './working-days.js';
