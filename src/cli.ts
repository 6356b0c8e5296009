import { isFunctionName } from '../commands/args.js';
import { runCommandPaged, verbs } from '../commands/index.js';
import { cliScan } from '../commands/scan-cli.js';
import { readDecisions, snoozedSource } from '../commands/snoozed.js';
import {
  FORMATS,
  type Format,
  nearestVerb,
  unknownCommand,
  usageText,
  verbHelp,
  version,
} from './cli-help.js';
import { EXIT, exitFor, gapsNotice, renderOutput, renderOutputChunks } from './cli-output.js';
import { type Config, loadConfig } from './config.js';
import { createEngine } from './engine.js';
import type { CommandOutput, Engine } from './engine-contract.js';
import { LambdaAuditError, UsageError } from './errors.js';
import { type ScanReport, type ScanResult, SEVERITIES, type Severity } from './model.js';
import { openStore } from './store/open.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Colour and progress only on a terminal. */
  isTty: boolean;
  env: Record<string, string | undefined>;
}

interface GlobalOptions {
  format: Format;
  failOn: Severity | null;
  /** With --fail-on, gaps alone do not fail the run (the operator has accepted them). */
  allowGaps: boolean;
  /** A scan's progress on stderr even when it is not a terminal. */
  progress: boolean;
  help: boolean;
  rest: string[];
}

/** Takes out the options every verb shares; the verb parses the rest strictly. */
function globalOptions(argv: readonly string[]): GlobalOptions {
  const options: GlobalOptions = {
    format: 'text',
    failOn: null,
    allowGaps: false,
    progress: false,
    help: false,
    rest: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const format = value();
      if (!(FORMATS as readonly string[]).includes(format))
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
      options.format = format as Format;
    } else if (flag === '--fail-on') {
      const severity = value();
      if (!(SEVERITIES as readonly string[]).includes(severity)) {
        throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
      }
      options.failOn = severity as Severity;
    } else if (flag === '--allow-gaps') {
      options.allowGaps = true;
    } else if (flag === '--progress') {
      options.progress = true;
    } else if (flag === '--help' || flag === '-h') {
      options.help = true;
    } else {
      options.rest.push(arg);
    }
  }
  return options;
}

/** A scan is kept (DATABASE_URL) so the digest can say what is new; failing to keep it is said, not fatal. */
async function storeScan(scan: ScanReport | ScanResult, config: Config, io: Io): Promise<void> {
  const { recordScanCli, recordedSummary } = await import('../commands/digest.js');
  try {
    io.err(`${recordedSummary(await recordScanCli(scan, { databaseUrl: config.databaseUrl }))}\n`);
  } catch (error) {
    io.err(`lambda-audit: scan not stored: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** The CLI's regions: the configured ones plus any named with --region, so a laptop user may pick any. */
function cliConfig(env: Io['env'], args: readonly string[]): Config {
  const config = loadConfig(env);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const named = arg === '--region' ? args[i + 1] : arg.startsWith('--region=') ? arg.slice(9) : undefined;
    for (const region of named?.split(',') ?? [])
      if (region && !config.regions.includes(region)) config.regions.push(region);
  }
  return config;
}

async function runVerb(
  options: GlobalOptions,
  io: Io,
  makeEngine: (config: Config) => Engine & { close?: () => void },
  // The demo's scans are of a sample account: they stay out of the user's store.
  { keepScan } = { keepScan: true },
) {
  const config = cliConfig(io.env, options.rest);
  const engine = makeEngine(config);
  // `snoozed` reads decisions from a throwaway copy of the store: the CLI never changes them.
  snoozedSource.list ??= () => readDecisions(config.databaseUrl);
  // A scan keeps its units in the store as it goes (shared by replicas, resumed when run again).
  const shared =
    options.rest[0] === 'scan'
      ? await cliScan(
          config,
          { show: io.isTty || options.progress, inPlace: io.isTty, write: io.err },
          keepScan ? openStore : async () => null,
        )
      : null;
  try {
    const output = await runCommandPaged(options.rest, engine, {
      ...(shared?.onProgress ? { onProgress: shared.onProgress } : {}),
      ...(shared ? { scan: shared.request } : {}),
    });
    shared?.done();
    for await (const chunk of renderOutputChunks(output, options.format, io.isTty && !io.env.NO_COLOR))
      io.out(chunk);
    io.out('\n');
    const notice = await gapsNotice(output);
    if (notice) io.err(notice);
    // Of replicas sharing a scan, the one that finished it records it.
    if ((output.kind === 'scan' || output.kind === 'scan-result') && keepScan && (shared?.finisher() ?? true))
      await storeScan(output.kind === 'scan' ? output.report : output.result, config, io);
    return exitFor(output, options);
  } finally {
    await shared?.close();
    engine.close?.();
  }
}

/**
 * `lambda-audit <word>` where the word is no verb. A near miss of a verb ("scna") is a typo: say
 * so, with the verb meant. Otherwise the word may be a function, audited as `audit <word>` always
 * was; if there is no such function (or it cannot be a function name), it was an unknown command.
 */
async function runBareWord(
  word: string,
  options: GlobalOptions,
  io: Io,
  makeEngine: (config: Config) => Engine & { close?: () => void },
): Promise<number> {
  if (nearestVerb(word) || !isFunctionName(word)) throw unknownCommand(word);
  try {
    return await runVerb(options, io, makeEngine);
  } catch (error) {
    if (error instanceof LambdaAuditError && error.code === 'aws_not_found')
      throw unknownCommand(word, error.message);
    throw error;
  }
}

/** The whole CLI: returns the exit code, writes only through `io`. */
export async function main(
  argv: readonly string[],
  io: Io,
  makeEngine = (config: Config) => createEngine(config),
): Promise<number> {
  try {
    const options = globalOptions(argv);
    const [verb, ...args] = options.rest;
    if (argv.includes('--version') || verb === '-v' || verb === 'version') {
      io.out(`${version()}\n`);
      return EXIT.clean;
    }
    if (verb === undefined || (verb === 'help' && args.length === 0)) {
      io.out(`${usageText()}\n`);
      return verb === undefined && !options.help ? EXIT.usage : EXIT.clean;
    }
    if (verb === 'help' || options.help) {
      const named = verb === 'help' ? (args[0] as string) : verb;
      const help = verbHelp(named);
      if (!help) throw unknownCommand(named);
      io.out(`${help}\n`);
      return EXIT.clean;
    }
    if (verb === 'demo') {
      const { runDemo, withSampleAccount, DEMO_VERBS } = await import('./demo.js');
      const [demoVerb] = args;
      if (demoVerb !== undefined) {
        // One verb on the sample account, in any format: `demo triggers billing-export --format json`.
        if (!(DEMO_VERBS as readonly string[]).includes(demoVerb))
          throw new UsageError(
            `demo runs one of ${DEMO_VERBS.join(', ')} on the sample account (got '${demoVerb}')`,
          );
        // `demo scan --org`: the demo organization, the sample account one of its members.
        const organization = demoVerb === 'scan' && args.includes('--org');
        return await withSampleAccount(
          io.env,
          (sample) =>
            runVerb({ ...options, rest: args }, { ...io, env: sample.env }, sample.makeEngine, {
              keepScan: false,
            }),
          { organization },
        );
      }
      if (options.format !== 'text')
        throw new UsageError(
          `the demo's tour is text; for ${options.format}, run one verb on the sample account, e.g. lambda-audit demo scan --format ${options.format}`,
        );
      const color = io.isTty && !io.env.NO_COLOR;
      const show = (output: CommandOutput) => renderOutput(output, 'text', color);
      return await runDemo({ out: io.out, env: io.env, show });
    }
    if (verb === 'serve') {
      const { serveFromEnv } = await import('./slack/serve.js');
      await serveFromEnv(io.env);
      return EXIT.clean;
    }
    if (verb === 'digest') {
      const { runDigestCli } = await import('../commands/digest.js');
      const config = cliConfig(io.env, options.rest);
      const engine = makeEngine(config);
      try {
        return await runDigestCli(args, io, { config, engine, format: options.format });
      } finally {
        engine.close?.();
      }
    }
    if (verb === 'watch') {
      const { runWatchCli } = await import('../commands/watch.js');
      const config = cliConfig(io.env, options.rest);
      const engine = createEngine(config);
      try {
        return await runWatchCli(args, { config, engine, format: options.format, out: io.out });
      } finally {
        engine.close();
      }
    }
    if (verbs.some((v) => v.name === verb)) return await runVerb(options, io, makeEngine);
    if (verb.startsWith('-')) throw new UsageError(`unknown option ${verb}`);
    return await runBareWord(verb, options, io, makeEngine);
  } catch (error) {
    if (error instanceof LambdaAuditError) {
      io.err(`lambda-audit: ${error.message}\n`);
      if (error.code === 'usage') return EXIT.usage;
      if (error.code === 'config') return EXIT.usage;
      return EXIT.aws;
    }
    throw error;
  }
}
