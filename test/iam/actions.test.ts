import { describe, expect, it } from 'vitest';
import { allActions, expandActionList, expandActionPattern } from '../../src/iam/actions.js';
import { lookupAction } from '../../src/iam/catalog.js';

describe('action catalog and expansion', () => {
  it('knows access levels, permissions management included', () => {
    expect(lookupAction('iam:PutRolePolicy').level).toBe('Permissions management');
    expect(lookupAction('S3:GETOBJECT')).toMatchObject({ id: 's3:GetObject', level: 'Read' });
    expect(lookupAction('s3:TagResource').level).toBe('Tagging');
  });

  it('knows resource types with ARN formats', () => {
    const types = lookupAction('iam:PassRole').resourceTypes;
    // The catalog's own placeholder syntax, not a template string.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ARN format placeholders
    const arn = 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}';
    expect(types).toEqual([{ name: 'role', required: true, arn }]);
  });

  it('keeps actions the catalog lacks visible, as unknown', () => {
    const unknown = lookupAction('lambda:NotARealAction');
    expect(unknown.known).toBe(false);
    // Unknown actions are interned case-insensitively (one identity per action, as IAM compares
    // them): the spelling kept is the first one looked up in the process, which another test
    // file sharing this worker may have made.
    expect(unknown.id.toLowerCase()).toBe('lambda:notarealaction');
    expect(lookupAction('LAMBDA:notarealaction')).toBe(unknown);
    // Not in the Service Authorization Reference, and not an IAM-authorised action: unknown.
    expect(lookupAction('sso:GetRoleCredentials').known).toBe(false);
  });

  it('expands iam:Put* to exactly the iam Put actions', () => {
    const ids = expandActionPattern('iam:Put*').map((a) => a.id);
    expect(ids).toContain('iam:PutRolePolicy');
    expect(ids.every((id) => id.startsWith('iam:Put'))).toBe(true);
  });

  it('expands * to the whole catalog and caches it', () => {
    const all = expandActionPattern('*');
    expect(all.length).toBeGreaterThan(15_000);
    expect(expandActionPattern('*')).toBe(all);
    expect(allActions()).toBe(all);
  });

  it('expands NotAction against the whole catalog', () => {
    const ids = new Set(expandActionList(['iam:*', 'organizations:*'], true).map((a) => a.service));
    expect(ids.has('iam')).toBe(false);
    expect(ids.has('s3')).toBe(true);
  });

  it('matches service prefixes case-insensitively and with wildcards', () => {
    expect(expandActionPattern('S3:GetObject').map((a) => a.id)).toEqual(['s3:GetObject']);
    expect(expandActionPattern('s3*:Get*').some((a) => a.service === 's3-object-lambda')).toBe(true);
  });
});
