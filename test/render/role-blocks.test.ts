import { describe, expect, it } from 'vitest';
import type { RoleProposal } from '../../src/model.js';
import { limitViolations } from '../../src/render/limits.js';
import { renderRoleBlocks } from '../../src/render/role-blocks.js';
import { makeReport } from '../slack/fixtures.js';

function withProposal(actions: number, services: number): ReturnType<typeof makeReport> {
  const proposal: RoleProposal = {
    confidence: 'high',
    caveats: [],
    windowDays: 90,
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: Array.from({ length: actions }, (_, i) => `s3:Action${i}`),
          Resource: '*',
        },
      ],
    },
    diff: Array.from({ length: services }, (_, i) => `  - svc${i}: never used`).join('\n'),
    removedServices: Array.from({ length: services }, (_, i) => ({ service: `svc${i}`, lastUsed: null })),
  };
  const report = makeReport({ findings: 2, finding: () => ({ categories: ['role'] }) });
  return { ...report, role: { ...report.role, proposal } };
}

describe('the role view', () => {
  it('shows the proposed policy as code with its line breaks', () => {
    const message = renderRoleBlocks(withProposal(3, 2));
    const code = JSON.stringify(message.blocks.find((b) => JSON.stringify(b).includes('```{')));
    expect(code).toContain('```{\\n  \\"Version\\": \\"2012-10-17\\",\\n  \\"Statement\\": [');
  });

  it('splits a long policy over a few code blocks, and points to the CLI past that', () => {
    const medium = renderRoleBlocks(withProposal(200, 2));
    expect(limitViolations(medium)).toEqual([]);
    expect(medium.blocks.filter((b) => JSON.stringify(b).includes('s3:Action')).length).toBeGreaterThan(1);
    const long = renderRoleBlocks(withProposal(2000, 2));
    expect(JSON.stringify(long)).toContain('too long to read here');
    expect(JSON.stringify(long)).not.toContain('s3:Action1999');
  });

  it('names a few removed services and counts the rest, and cuts the diff', () => {
    const text = JSON.stringify(renderRoleBlocks(withProposal(3, 400)));
    expect(text).toContain('Removes 400 unused services: `svc0`');
    expect(text).toContain('and 388 more');
    expect(text).toContain('…and 380 more lines of the diff');
  });
});
