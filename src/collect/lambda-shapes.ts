import type {
  EventSourceMappingConfiguration,
  FunctionEventInvokeConfig,
  CodeSigningConfig as SdkCodeSigningConfig,
  FunctionConfiguration as SdkFunctionConfiguration,
  FunctionUrlConfig as SdkFunctionUrlConfig,
} from '@aws-sdk/client-lambda';
import type {
  CodeSigningConfig,
  EventInvokeConfig,
  EventSourceMapping,
  FunctionConfiguration,
  FunctionUrlConfig,
  PolicyDocument,
} from '../model.js';

/*
 * SDK shapes -> snapshot shapes. The snapshot keeps AWS's field names but only plain JSON
 * (no Dates, no SDK classes), so it can be saved, diffed and used as a fixture.
 */

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (v instanceof Date ? v.toISOString() : v))) as T;
}

export function toConfiguration(sdk: SdkFunctionConfiguration): FunctionConfiguration {
  const config = plain(sdk) as Partial<FunctionConfiguration>;
  return {
    ...config,
    FunctionName: sdk.FunctionName ?? '',
    FunctionArn: sdk.FunctionArn ?? '',
    Role: sdk.Role ?? '',
  } as FunctionConfiguration;
}

export function toUrlConfig(sdk: SdkFunctionUrlConfig): FunctionUrlConfig {
  return plain(sdk) as FunctionUrlConfig;
}

export function toEventSourceMapping(sdk: EventSourceMappingConfiguration): EventSourceMapping {
  return { ...(plain(sdk) as Partial<EventSourceMapping>), UUID: sdk.UUID ?? '' } as EventSourceMapping;
}

export function toEventInvokeConfig(sdk: FunctionEventInvokeConfig): EventInvokeConfig {
  return {
    ...(plain(sdk) as Partial<EventInvokeConfig>),
    FunctionArn: sdk.FunctionArn ?? '',
  } as EventInvokeConfig;
}

export function toCodeSigningConfig(sdk: SdkCodeSigningConfig): CodeSigningConfig {
  return plain(sdk) as CodeSigningConfig;
}

/** GetPolicy returns the document as a JSON string. */
export function parsePolicy(policy: string | undefined): PolicyDocument | null {
  if (!policy) return null;
  const parsed = JSON.parse(policy) as PolicyDocument;
  return parsed && typeof parsed === 'object' && 'Statement' in parsed ? parsed : null;
}
