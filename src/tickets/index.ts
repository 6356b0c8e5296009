/** Tickets: the sink interface, the three sinks, and how the environment picks one. */
export { type AdfDoc, adfFromText } from './adf.js';
export { functionConsoleUrl, roleConsoleUrl, roleNameFromArn } from './console-urls.js';
export { type TicketContent, ticketContent, ticketTitle } from './content.js';
export { type SinkKind, TicketError } from './errors.js';
export { sinkFromEnv } from './from-env.js';
export { githubSink, issueNumber } from './github.js';
export { jiraSink } from './jira.js';
export { safeEvidence, scrub } from './redact.js';
export { type FixedNotice, fixedComment, type TicketRef, type TicketSink } from './sink.js';
export {
  type ProposalLike,
  type Ticket,
  type TicketFunction,
  type TicketProposal,
  ticketFromReport,
  ticketProposal,
} from './ticket.js';
export {
  type WebhookCommentPayload,
  type WebhookOpenPayload,
  type WebhookPayload,
  webhookSink,
} from './webhook.js';
export {
  DELIVERY_HEADER,
  isFresh,
  SIGNATURE_HEADER,
  signBody,
  TIMESTAMP_HEADER,
  verifySignature,
} from './webhook-signature.js';
