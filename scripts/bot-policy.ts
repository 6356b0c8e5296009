// Regenerates iam/bot-policy.json from the collectors' and checks' declared actions.
// Run: npm run bot-policy
import { mkdirSync, writeFileSync } from 'node:fs';
import { botPolicyJson } from '../src/bot-policy.js';
import { checks } from '../src/checks/index.js';
import { packagePath } from '../src/paths.js';

mkdirSync(packagePath('iam'), { recursive: true });
writeFileSync(packagePath('iam', 'bot-policy.json'), botPolicyJson(checks));
process.stdout.write('wrote iam/bot-policy.json\n');
