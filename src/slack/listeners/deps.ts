import type { Engine, ScanRequest } from '../../engine-contract.js';
import type { LogSink } from '../../log.js';
import type { Interactive } from '../actions/interactive.js';
import type { Deliverer } from '../deliver.js';
import type { CommandHandover } from '../handover.js';
import type { InFlight } from '../inflight.js';
import type { Limiter } from '../limiter.js';
import type { OutputCache } from '../output-cache.js';
import type { RenderMemo } from '../rendered.js';
import type { ScanProgressWiring } from '../scan-progress.js';
import type { TriageDesk } from '../triage/desk.js';

/** What every listener needs; built once in app.ts, shared by all requests. */
export interface ListenerDeps {
  engine: Engine;
  inflight: InFlight;
  limiter: Limiter;
  cache: OutputCache;
  renders: RenderMemo;
  deliverer: Deliverer;
  /** A scan's progress message in the channel: the Web API client and the pace of its edits. */
  scanProgress: ScanProgressWiring;
  log: LogSink;
  /** This replica's name on what it claims in the store (a scan's units, commands it answers). */
  owner: string;
  /** A scan's unit lease and the wait between looks at units other replicas hold (tests shorten them). */
  scanUnits?: Pick<ScanRequest, 'unitLeaseMs' | 'pollMs'>;
  /** Alarm triage and mentions: dedupe, quiet periods, the audit pool and the paced thread posts. */
  triage: TriageDesk;
  /** Buttons (tickets, snoozes, acceptances, re-audit); absent without a store: no buttons. */
  interactive?: Interactive;
  /** Slash commands recorded before their ack and handed over on shutdown; absent without a store. */
  handover?: CommandHandover;
}
