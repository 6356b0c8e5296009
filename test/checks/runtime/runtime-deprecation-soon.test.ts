import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { runtimeDeprecationSoon } from '../../../src/checks/runtime/runtime-deprecation-soon.js';
import type { FunctionConfiguration, FunctionSnapshot } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases } from '../cases.js';

const { fires, silent } = checkCases(runtimeDeprecationSoon);

function onRuntime(Runtime: string | undefined, PackageType: 'Zip' | 'Image' = 'Zip'): FunctionSnapshot {
  const base = makeSnapshot();
  return makeSnapshot({ configuration: { ...base.configuration, Runtime, PackageType } });
}

describe('runtime-deprecation-soon', () => {
  for (const [name, runtime, now, runtimeSoonDays, daysLeft] of [
    ['python3.10 five months ahead', 'python3.10', '2026-06-01T09:00:00Z', 180, 152],
    ['python3.10 the day before', 'python3.10', '2026-10-30T09:00:00Z', 180, 1],
    ['nodejs22.x exactly 180 days ahead', 'nodejs22.x', '2026-11-01T09:00:00Z', 180, 180],
    ['dotnet8 within a shorter configured window', 'dotnet8', '2026-10-20T09:00:00Z', 30, 21],
  ] as const)
    fires(`flags ${name}`, () => {
      const findings = runChecks(
        [runtimeDeprecationSoon],
        onRuntime(runtime),
        makeContext({ now: new Date(now), runtimeSoonDays }),
      );
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'runtime-deprecation-soon',
          severity: 'low',
          evidence: expect.objectContaining({ runtime, daysLeft }),
        }),
      ]);
      return findings;
    });

  for (const [name, runtime, now, runtimeSoonDays] of [
    ['a deprecation 181 days ahead', 'nodejs22.x', '2026-10-31T09:00:00Z', 180],
    [
      'a deprecation on the audit day (runtime-deprecated covers it)',
      'python3.10',
      '2026-10-31T09:00:00Z',
      180,
    ],
    ['an already deprecated runtime', 'nodejs18.x', '2026-11-24T09:00:00Z', 180],
    ['a deprecation outside a shorter window', 'dotnet8', '2026-06-01T09:00:00Z', 30],
    ['an unknown runtime id', 'cobol85', '2026-06-01T09:00:00Z', 180],
    ['a runtime with no announced date', 'ruby4.0', '2026-06-01T09:00:00Z', 180],
  ] as const)
    silent(`does not flag ${name}`, () =>
      runChecks(
        [runtimeDeprecationSoon],
        onRuntime(runtime),
        makeContext({ now: new Date(now), runtimeSoonDays }),
      ),
    );

  it('skips container images', () => {
    const snapshot = onRuntime('python3.10', 'Image');
    expect(
      runChecks([runtimeDeprecationSoon], snapshot, makeContext({ now: new Date('2026-10-01T00:00:00Z') })),
    ).toEqual([]);
  });

  it('yields nothing when the configuration could not be read', () => {
    const snapshot = makeSnapshot({ configuration: null as unknown as FunctionConfiguration });
    expect(runChecks([runtimeDeprecationSoon], snapshot, makeContext())).toEqual([]);
  });
});
