import type { Check } from '../check.js';
import { describeSource, eventSourceKind } from './event-source.js';

/** SourceAccessConfigurations types that authenticate Lambda to the brokers. */
const AUTH_TYPES: ReadonlySet<string> = new Set([
  'SASL_SCRAM_256_AUTH',
  'SASL_SCRAM_512_AUTH',
  'BASIC_AUTH', // SASL/PLAIN
  'CLIENT_CERTIFICATE_TLS_AUTH', // mutual TLS
]);

/**
 * Trips on a self-managed Kafka mapping (`SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS`)
 * whose `SourceAccessConfigurations` has no SASL or mutual-TLS entry (only `VPC_SUBNET`,
 * `VPC_SECURITY_GROUP` or `SERVER_ROOT_CA_CERTIFICATE`, or nothing).
 */
export const esmBrokerAuth: Check = {
  id: 'esm-broker-auth',
  severity: 'low',
  categories: ['esm'],
  title: 'Kafka mapping connects to its brokers without authentication',
  risk: 'Brokers that accept unauthenticated clients let anyone on the network read the topic or inject records the function will process.',
  remediation:
    'Enable SASL/SCRAM or mutual TLS on the cluster and add the matching SourceAccessConfigurations entry (secret in Secrets Manager).',
  requires: ['eventSourceMappings'],
  actions: ['lambda:ListEventSourceMappings'],
  run(snapshot) {
    return (snapshot.eventSourceMappings ?? []).flatMap((mapping) => {
      if (eventSourceKind(mapping) !== 'kafka') return [];
      const types = (mapping.SourceAccessConfigurations ?? []).map((c) => c.Type ?? '');
      if (types.some((type) => AUTH_TYPES.has(type))) return [];
      return [
        {
          key: mapping.UUID,
          detail: `The Kafka mapping ${mapping.UUID} (${describeSource(mapping)}) has no SASL or mutual-TLS authentication.`,
          evidence: { uuid: mapping.UUID, source: describeSource(mapping), accessConfigurationTypes: types },
        },
      ];
    });
  },
};
