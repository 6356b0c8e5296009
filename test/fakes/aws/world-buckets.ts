/**
 * S3 buckets in a fake world, in the shapes S3's reads answer with. A bucket lives in a region of
 * its account; its name is global. Absent parts are S3's "none": no `Policy` answers
 * NoSuchBucketPolicy, no `PublicAccessBlock` NoSuchPublicAccessBlockConfiguration, no
 * `Encryption` ServerSideEncryptionConfigurationNotFoundError. The ACL defaults to the owner's
 * FULL_CONTROL. The account's own Block Public Access (S3 Control) is in WorldBucketsAccount.
 */
import type { WorldPolicyDocument } from './world.js';

export interface WorldPublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

/** One ACL grant beyond the owner's: a group (`URI`) or another account's canonical `ID`. */
export interface WorldBucketGrant {
  Permission: 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
  URI?: string;
  ID?: string;
}

export interface WorldBucket {
  Name: string;
  Policy?: WorldPolicyDocument;
  Grants?: WorldBucketGrant[];
  PublicAccessBlock?: WorldPublicAccessBlock;
  Encryption?: { SSEAlgorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse'; KMSMasterKeyID?: string };
  /** The notification configuration's LambdaFunctionConfigurations. */
  LambdaFunctionConfigurations?: { LambdaFunctionArn: string; Events: string[]; Id?: string }[];
}

export interface WorldBucketsRegion {
  buckets?: WorldBucket[];
}

export interface WorldBucketsAccount {
  /** The account-level Block Public Access (S3 Control GetPublicAccessBlock); absent: none. */
  publicAccessBlock?: WorldPublicAccessBlock;
}
