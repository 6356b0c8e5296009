import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/checks/check.js';
import { esmBrokerAuth } from '../../../src/checks/esm/esm-broker-auth.js';
import { makeContext, makeSnapshot } from '../../fixtures/snapshot.js';
import { kafka, msk } from './mappings.js';

describe('esm-broker-auth', () => {
  it.each([
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
  ])('flags self-managed Kafka with %s', (_label, SourceAccessConfigurations, types) => {
    const snapshot = makeSnapshot({ eventSourceMappings: [kafka({ SourceAccessConfigurations })] });
    expect(runChecks([esmBrokerAuth], snapshot, makeContext())).toEqual([
      expect.objectContaining({
        check: 'esm-broker-auth',
        severity: 'low',
        evidence: expect.objectContaining({ accessConfigurationTypes: types }),
      }),
    ]);
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

  it('does not flag MSK, which authenticates through IAM', () => {
    expect(runChecks([esmBrokerAuth], makeSnapshot({ eventSourceMappings: [msk()] }), makeContext())).toEqual(
      [],
    );
  });

  it('yields nothing when the mappings could not be read', () => {
    expect(runChecks([esmBrokerAuth], makeSnapshot({ eventSourceMappings: null }), makeContext())).toEqual(
      [],
    );
  });
});
