/**
 * SNS topics and KMS keys in a fake world. A topic's `Attributes` are those GetTopicAttributes
 * answers (strings), except that `Policy` may be an object; a key is DescribeKey's KeyMetadata
 * (`KeyManager` AWS or CUSTOMER) plus the aliases that name it.
 */
import type { Json } from './world.js';

export interface WorldTopic {
  TopicArn: string;
  Attributes?: Record<string, Json>;
}

export interface WorldKmsKey {
  KeyId: string;
  KeyManager: 'AWS' | 'CUSTOMER';
  /** `alias/orders`, `alias/aws/sns`, ... */
  Aliases?: string[];
  Description?: string;
}

export interface WorldMessagesRegion {
  topics?: WorldTopic[];
  kmsKeys?: WorldKmsKey[];
}
