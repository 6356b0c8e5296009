import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { runtimeDeprecated } from '../../../src/checks/runtime/runtime-deprecated.js';
import type { FunctionConfiguration, FunctionSnapshot } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases } from '../cases.js';

const { fires, silent } = checkCases(runtimeDeprecated);

function onRuntime(Runtime: string | undefined, PackageType: 'Zip' | 'Image' = 'Zip'): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({ configuration: { ...base.configuration, Runtime, PackageType } });
}

const at = (iso: string) => makeContext({ now: new Date(iso) });

describe('runtime-deprecated', () => {
  for (const [name, runtime, now, severity] of [
    ['nodejs18.x, deprecated, updates still allowed', 'nodejs18.x', '2026-11-24T09:00:00Z', 'medium'],
    ['python3.10 on its deprecation day', 'python3.10', '2026-10-31T00:00:00Z', 'medium'],
    ['python3.8 the day before updates are blocked', 'python3.8', '2027-03-02T12:00:00Z', 'medium'],
    ['python3.8 once updates are blocked', 'python3.8', '2027-03-03T00:00:00Z', 'high'],
    ['nodejs12.x, blocked since 2023', 'nodejs12.x', '2026-11-24T09:00:00Z', 'high'],
    ['nodejs20.x, whose block dates are not confirmed', 'nodejs20.x', '2026-11-24T09:00:00Z', 'medium'],
  ] as const)
    fires(`flags ${name}`, () => {
      const findings = runChecks([runtimeDeprecated], onRuntime(runtime), at(now));
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'runtime-deprecated',
          severity,
          evidence: expect.objectContaining({ runtime }),
        }),
      ]);
      return findings;
    });

  it('names the successor and the dates it used', () => {
    const [finding] = runChecks([runtimeDeprecated], onRuntime('nodejs18.x'), at('2026-11-24T09:00:00Z'));
    expect(finding?.detail).toContain('nodejs24.x');
    expect(finding?.evidence).toMatchObject({
      deprecated: '2025-09-01',
      blockUpdate: '2027-03-03',
      datesTakenOn: expect.any(String),
    });
  });

  for (const [name, snapshot, now = '2026-11-24T09:00:00Z'] of [
    ['a supported runtime', onRuntime('python3.13')],
    ['python3.10 the day before its deprecation', onRuntime('python3.10'), '2026-10-30T23:00:00Z'],
    ['an unknown runtime id', onRuntime('nodejs99.x')],
    ['a container image', onRuntime(undefined, 'Image')],
    ['a container image that still reports a runtime', onRuntime('nodejs12.x', 'Image')],
  ] as const)
    silent(`does not flag ${name}`, () => runChecks([runtimeDeprecated], snapshot, at(now)));

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([runtimeDeprecated], snapshot, makeContext())).toEqual([]);
  });
});
