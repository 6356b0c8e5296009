import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmBrokerAuth } from '../../../src/checks/esm/esm-broker-auth.js';
import type { EventSourceMapping } from '../../../src/model.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { checkCases, unread } from '../cases.js';
import { kafka, msk } from './mappings.js';

const { fires, silent, dataMissing } = checkCases(esmBrokerAuth);

describe('esm-broker-auth', () => {
  for (const [name, SourceAccessConfigurations, types] of [
    ['no access configurations', undefined, []],
    [
      'only network and CA entries',
      [
        { Type: 'VPC_SUBNET', URI: 'subnet:subnet-0abc' },
        {
          Type: 'SERVER_ROOT_CA_CERTIFICATE',
          URI: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:ca',
        },
      ],
      ['VPC_SUBNET', 'SERVER_ROOT_CA_CERTIFICATE'],
    ],
  ] as [string, EventSourceMapping['SourceAccessConfigurations'], string[]][])
    fires(`flags self-managed Kafka with ${name}`, () => {
      const snapshot = makeSnapshot({ eventSourceMappings: [kafka({ SourceAccessConfigurations })] });
      const findings = runChecks([esmBrokerAuth], snapshot, makeContext());
      expect(findings).toEqual([
        expect.objectContaining({
          check: 'esm-broker-auth',
          severity: 'low',
          evidence: expect.objectContaining({ accessConfigurationTypes: types }),
        }),
      ]);
      return findings;
    });

  it.each(['SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'BASIC_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH'])(
    'does not flag self-managed Kafka authenticating with %s',
    (Type) => {
      const mapping = kafka({
        SourceAccessConfigurations: [
          { Type, URI: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:k' },
        ],
      });
      expect(
        runChecks([esmBrokerAuth], makeSnapshot({ eventSourceMappings: [mapping] }), makeContext()),
      ).toEqual([]);
    },
  );

  silent('does not flag MSK, which authenticates through IAM', () =>
    runChecks([esmBrokerAuth], makeSnapshot({ eventSourceMappings: [msk()] }), makeContext()),
  );

  dataMissing(
    'yields nothing when the mappings could not be read',
    unread(makeSnapshot(), 'eventSourceMappings'),
  );
});
