/**
 * Runs the fake AWS by hand or as a separate process for benchmarks:
 * `tsx test/fakes/aws/main.ts <world.json> [port] [--latency-ms N] [--last-accessed-polls N] [--knobs JSON]`.
 * Prints the URL to use as AWS_ENDPOINT_URL and serves until interrupted.
 */
import { parseArgs } from 'node:util';
import type { Knobs } from './knobs.js';
import { startFakeAws } from './server.js';
import { loadWorld } from './world.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'latency-ms': { type: 'string' },
    'last-accessed-polls': { type: 'string' },
    // Any other knob as JSON, e.g. --knobs '{"rateLimits":{"lambda:*":15}}'.
    knobs: { type: 'string' },
  },
});
const [worldPath, portArg] = positionals;
if (!worldPath) {
  process.stderr.write('usage: main <world.json> [port] [--latency-ms N] [--last-accessed-polls N]\n');
  process.exit(2);
}
const port = portArg === undefined ? 0 : Number(portArg);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`port must be an integer 0-65535, got ${portArg}\n`);
  process.exit(2);
}

const fake = await startFakeAws({
  world: loadWorld(worldPath),
  port,
  latencyMs: Number(values['latency-ms'] ?? 0),
  lastAccessedPolls: Number(values['last-accessed-polls'] ?? 1),
  ...(values.knobs ? (JSON.parse(values.knobs) as Partial<Knobs>) : {}),
});
process.stdout.write(`${fake.url}\n`);
process.stderr.write(`fake AWS serving ${worldPath}; try AWS_ENDPOINT_URL=${fake.url} (Ctrl-C to stop)\n`);

// On the way out, the call counters as one JSON line (benchmarks read them).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stdout.write(`${JSON.stringify(fake.counts())}\n`, () => {
      void fake.close().then(() => process.exit(0));
    });
  });
}
