/**
 * The fake Slack by hand.
 *
 *   tsx test/fakes/slack/main.ts [port]
 *       serves the fake Web API and response_urls; prints SLACK_API_URL, then one line per
 *       answer that arrives (until Ctrl-C).
 *   tsx test/fakes/slack/main.ts send <events-url> <signing-secret> <response-url> <text...>
 *       sends one signed /lambda-audit command, as Slack would, and prints the ack.
 */

import { startFakeSlack } from './server.js';
import { sendSlashCommand } from './sign.js';

const [first, ...rest] = process.argv.slice(2);

if (first === 'send') {
  const [url, secret, responseUrl, ...words] = rest;
  if (!url || !secret || !responseUrl) {
    process.stderr.write('usage: main send <events-url> <signing-secret> <response-url> <text...>\n');
    process.exit(2);
  }
  const sent = await sendSlashCommand(url, secret, { text: words.join(' '), response_url: responseUrl });
  process.stdout.write(`ack: HTTP ${sent.status} in ${sent.ms.toFixed(1)} ms\n`);
} else {
  const port = first === undefined ? 0 : Number(first);
  const fake = await startFakeSlack({
    port,
    onResponse: (post) => {
      const blocks = Array.isArray(post.body.blocks) ? post.body.blocks.length : 0;
      process.stdout.write(
        `response ${post.id}: ${blocks} blocks; ${String(post.body.text ?? '').slice(0, 200)}\n`,
      );
    },
  });
  process.stdout.write(`SLACK_API_URL=${fake.apiUrl}\nresponse_url: ${fake.url}/response/<any-id>\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void fake.close().then(() => process.exit(0)));
  }
}
