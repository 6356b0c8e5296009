export * from './server.js';
export * from './sign.js';
