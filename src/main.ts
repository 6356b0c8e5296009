import { main } from './cli.js';

// The lock file pins the SDK, so its notice about releases from 2027 needing Node 22 does not
// apply to this install; it would only clutter every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  process.exitCode = await main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  });
} catch (error) {
  // Not one of ours (those are handled in main): one line, and an exit code that cannot be read
  // as "findings" (1). LOG_LEVEL=debug shows the stack.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`lambda-audit: unexpected error: ${message}\n`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 3;
}
