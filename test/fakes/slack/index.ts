export type { StoredMessage } from './conversations.js';
export * from './server.js';
export * from './sign.js';
