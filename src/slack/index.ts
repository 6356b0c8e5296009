export {
  createSlackApp,
  EVENTS_PATH,
  HEALTH_PATH,
  type SlackApp,
  type SlackAppOptions,
  slackCredentials,
} from './app.js';
export { type ServeHandle, serve, serveFromEnv } from './serve.js';
