import { describeQualifier } from '../../iam/resource-policy.js';
import { qualifierOfFunctionArn } from '../../triggers.js';
import type { Check } from '../check.js';
import { urlFinding } from './shared.js';

/**
 * Trips on `Cors: {"AllowOrigins": ["*"]}` on a function URL; high with `"AllowCredentials": true`
 * or on a URL whose AuthType is NONE.
 */
export const urlCorsWildcard: Check = {
  id: 'url-cors-wildcard',
  severity: 'medium',
  categories: ['exposure'],
  title: 'Function URL accepts cross-origin requests from any website',
  risk: 'Any web page a user visits can call the function from the user’s browser and read the response.',
  remediation:
    'List the exact origins that need the URL in `Cors.AllowOrigins` (`aws lambda update-function-url-config --cors`).',
  requires: ['urlConfigs'],
  actions: ['lambda:ListFunctionUrlConfigs'],
  run(snapshot) {
    return (snapshot.urlConfigs ?? [])
      .filter((url) => url.Cors?.AllowOrigins?.includes('*'))
      .map((url) => {
        const qualifier = qualifierOfFunctionArn(url.FunctionArn);
        const credentials = url.Cors?.AllowCredentials === true;
        const aggravated = credentials || url.AuthType === 'NONE';
        const why = credentials
          ? ' and allows credentials'
          : url.AuthType === 'NONE'
            ? ' and needs no authentication'
            : '';
        return urlFinding(
          url,
          qualifier,
          `The function URL of ${describeQualifier(qualifier)} (${url.FunctionUrl}) allows every origin${why}.`,
          { allowOrigins: url.Cors?.AllowOrigins ?? [], allowCredentials: credentials },
          aggravated ? 'high' : undefined,
        );
      });
  },
};
