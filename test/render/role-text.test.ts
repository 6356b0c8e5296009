import { describe, expect, it } from 'vitest';
import { rolePrivilegeEscalation } from '../../src/checks/role/role-privilege-escalation.js';
import { renderRoleText } from '../../src/render/role-text.js';
import { run } from '../checks/role/helpers.js';
import { MANAGED } from '../iam/fixtures/managed.js';
import { attach, withPolicies } from '../iam/fixtures/role.js';
import { makeReport } from '../slack/fixtures.js';

describe('the role text', () => {
  it('lists every escalation path with its pathfinding.cloud id, then the steps that complete it', () => {
    const findings = run(rolePrivilegeEscalation, withPolicies([attach(MANAGED.AdministratorAccess)]));
    const paths = findings[0]?.evidence.paths as { id: string | null; name: string }[];
    expect(paths.length).toBeGreaterThan(20);
    const text = renderRoleText(makeReport({}, { findings }), { color: false });
    const lines = text.split('\n');
    expect(lines).toContain('Escalation paths');
    for (const path of paths) {
      expect(lines).toContain(path.id ? `  ${path.name} (pathfinding.cloud ${path.id})` : `  ${path.name}`);
    }
    expect(paths.filter((p) => p.id === null).length).toBeLessThan(paths.length);
  });
});
