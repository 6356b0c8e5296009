export {
  createSlackApp,
  EVENTS_PATH,
  HEALTH_PATH,
  type SlackApp,
  type SlackAppOptions,
  slackCredentials,
} from './app.js';
export { escapeCode, escapeMrkdwn, plainText, stripControl, truncate } from './escape.js';
export { limitViolations, SLACK_LIMITS, type SlackMessage } from './limits.js';
export { type ServeHandle, serve, serveFromEnv } from './serve.js';
