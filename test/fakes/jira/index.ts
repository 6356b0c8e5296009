export { adfProblem, adfText } from './adf-check.js';
export * from './server.js';
