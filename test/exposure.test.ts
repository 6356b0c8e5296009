import { describe, expect, it } from 'vitest';
import { exposureOf, isInternetExposed, isOpenPath, pathExposure } from '../src/exposure.js';
import { EXPOSURES, type InvocationPath } from '../src/model.js';
import { makePath } from './fixtures/path.js';

const path = (reach: InvocationPath['reach'], auth: InvocationPath['auth']) => makePath(reach, auth);

describe('exposure', () => {
  it.each<[InvocationPath['reach'], InvocationPath['auth'], string]>([
    ['public', 'none', 'internet-open'],
    ['public', 'api-key', 'internet-open'],
    ['public', 'iam', 'internet-authenticated'],
    ['public', 'jwt', 'internet-authenticated'],
    ['accounts', 'iam', 'cross-account'],
    ['organization', 'iam', 'organization'],
    ['unknown', null, 'unknown'],
    ['account', 'iam', 'account'],
    ['network', 'none', 'network'],
    ['none', null, 'none'],
  ])('rates a path of reach %s and auth %s as %s', (reach, auth, exposure) => {
    expect(pathExposure(path(reach, auth))).toBe(exposure);
  });

  it('is open only for public reach without real authentication', () => {
    expect(isOpenPath(path('public', 'api-key'))).toBe(true);
    expect(isOpenPath(path('public', 'cognito'))).toBe(false);
    expect(isOpenPath(path('network', 'none'))).toBe(false);
  });

  it('summarises the widest path, ranking unknown above every private reach', () => {
    expect(exposureOf([])).toBe('none');
    expect(exposureOf([path('account', 'iam'), path('unknown', null), path('network', 'none')])).toBe(
      'unknown',
    );
    expect(exposureOf([path('unknown', null), path('organization', 'iam')])).toBe('organization');
    expect(exposureOf([path('accounts', 'iam'), path('public', 'iam')])).toBe('internet-authenticated');
    expect(exposureOf([path('public', 'iam'), path('public', 'none')])).toBe('internet-open');
  });

  it('calls only the two internet exposures internet-exposed', () => {
    expect(EXPOSURES.filter(isInternetExposed)).toEqual(['internet-open', 'internet-authenticated']);
  });
});
