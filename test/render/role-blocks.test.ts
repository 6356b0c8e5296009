import { describe, expect, it } from 'vitest';
import { rolePrivilegeEscalation } from '../../src/checks/role/role-privilege-escalation.js';
import type { RoleProposal } from '../../src/model.js';
import { limitViolations } from '../../src/render/limits.js';
import { renderRoleBlocks } from '../../src/render/role-blocks.js';
import { run } from '../checks/role/helpers.js';
import { MANAGED } from '../iam/fixtures/managed.js';
import { attach, inline, ROLE_ARN, withPolicies } from '../iam/fixtures/role.js';
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

  it('lists the escalation paths with their pathfinding.cloud ids', () => {
    const snapshot = withPolicies(
      [],
      [
        inline('own', [
          { Effect: 'Allow', Action: ['iam:PutRolePolicy', 'iam:AttachRolePolicy'], Resource: ROLE_ARN },
        ]),
      ],
    );
    const findings = run(rolePrivilegeEscalation, snapshot);
    const paths = findings[0]?.evidence.paths as { id: string; name: string }[];
    expect(paths.length).toBeGreaterThan(1);
    const text = JSON.stringify(renderRoleBlocks({ ...makeReport({}, { findings }) }));
    for (const path of paths) expect(text).toContain(`• ${path.name} (pathfinding.cloud \`${path.id}\`)`);
  });

  it('shows the first paths of a role that completes dozens, and points to the CLI for the rest', () => {
    const findings = run(rolePrivilegeEscalation, withPolicies([attach(MANAGED.AdministratorAccess)]));
    const paths = findings[0]?.evidence.paths as { id: string; name: string }[];
    const message = renderRoleBlocks(makeReport({}, { findings }));
    expect(limitViolations(message)).toEqual([]);
    const text = JSON.stringify(message);
    expect(text).toContain(`*Escalation paths* (${paths.length})`);
    expect(text).toContain(`(pathfinding.cloud \`${paths[0]!.id}\`)`);
    expect(text).not.toContain(`(pathfinding.cloud \`${paths.at(-1)!.id}\`)`);
    expect(text).toContain(`…and ${paths.length - 10} more`);
  });
});
