import { guarddutyLambdaProtectionOff } from './account/guardduty-lambda-protection-off.js';
import type { AccountCheck } from './account-check.js';
import type { Check } from './check.js';
import { esmBrokerAuth } from './esm/esm-broker-auth.js';
import { esmCrossAccountSource } from './esm/esm-cross-account-source.js';
import { esmFilterNotCmk } from './esm/esm-filter-not-cmk.js';
import { esmSqsNoRedrive } from './esm/esm-sqs-no-redrive.js';
import { esmState } from './esm/esm-state.js';
import { esmStreamNoFailureDest } from './esm/esm-stream-no-failure-dest.js';
import { esmStreamUnboundedRetry } from './esm/esm-stream-unbounded-retry.js';
import { functionUntagged } from './hygiene/function-untagged.js';
import { logsNoLogGroup } from './logs/logs-no-log-group.js';
import { logsNoWritePermission } from './logs/logs-no-write-permission.js';
import { logsNotKms } from './logs/logs-not-kms.js';
import { logsRecentErrors } from './logs/logs-recent-errors.js';
import { logsRetentionUnset } from './logs/logs-retention-unset.js';
import { xrayTracingOff } from './logs/xray-tracing-off.js';
import { cloudtrailInvokeNotLogged } from './monitoring/cloudtrail-invoke-not-logged.js';
import { monitoringNoErrorAlarm } from './monitoring/monitoring-no-error-alarm.js';
import { monitoringNoSpikeAlarm } from './monitoring/monitoring-no-spike-alarm.js';
import { vpcNotAttached } from './network/vpc-not-attached.js';
import { vpcSgEgressOpen } from './network/vpc-sg-egress-open.js';
import { vpcSingleAz } from './network/vpc-single-az.js';
import { albPlainHttp } from './paths/alb-plain-http.js';
import { albUnauthenticated } from './paths/alb-unauthenticated.js';
import { apigwNoRequestValidation } from './paths/apigw-no-request-validation.js';
import { apigwNoWaf } from './paths/apigw-no-waf.js';
import { apigwRouteUnauthenticated } from './paths/apigw-route-unauthenticated.js';
import { exposureOpenPowerfulRole } from './paths/exposure-open-powerful-role.js';
import { sourceCrossAccountWrite } from './paths/source-cross-account-write.js';
import { sourceNoCmk } from './paths/source-no-cmk.js';
import { sourcePublicWrite } from './paths/source-public-write.js';
import { asyncNoFailureDest } from './resilience/async-no-failure-dest.js';
import { concurrencyUnreserved } from './resilience/concurrency-unreserved.js';
import { concurrencyZero } from './resilience/concurrency-zero.js';
import { roleAdmin } from './role/role-admin.js';
import { roleCredentialsExposure } from './role/role-credentials-exposure.js';
import { roleDataExfiltration } from './role/role-data-exfiltration.js';
import { roleInlinePolicies } from './role/role-inline-policies.js';
import { roleMissing } from './role/role-missing.js';
import { rolePassroleWildcard } from './role/role-passrole-wildcard.js';
import { rolePrivilegeEscalation } from './role/role-privilege-escalation.js';
import { roleResourceExposure } from './role/role-resource-exposure.js';
import { roleServiceWildcard } from './role/role-service-wildcard.js';
import { roleShared } from './role/role-shared.js';
import { roleTrustConfusedDeputy } from './role/role-trust-confused-deputy.js';
import { roleTrustTooBroad } from './role/role-trust-too-broad.js';
import { roleUnusedServices } from './role/role-unused-services.js';
import { roleWriteWildcardResource } from './role/role-write-wildcard-resource.js';
import { runtimeDeprecated } from './runtime/runtime-deprecated.js';
import { runtimeDeprecationSoon } from './runtime/runtime-deprecation-soon.js';
import { codeSigningOff } from './secrets/code-signing-off.js';
import { envNoCmk } from './secrets/env-no-cmk.js';
import { envSecrets } from './secrets/env-secrets.js';
import { layerCrossAccount } from './secrets/layer-cross-account.js';
import { policyBroadActions } from './triggers/policy-broad-actions.js';
import { policyCrossAccount } from './triggers/policy-cross-account.js';
import { policyPublicInvoke } from './triggers/policy-public-invoke.js';
import { policyS3NoSourceAccount } from './triggers/policy-s3-no-source-account.js';
import { policyServiceNoSource } from './triggers/policy-service-no-source.js';
import { policyWildcardCondition } from './triggers/policy-wildcard-condition.js';
import { urlCorsWildcard } from './triggers/url-cors-wildcard.js';
import { urlIamPublicPolicy } from './triggers/url-iam-public-policy.js';
import { urlPermissionModelLegacy } from './triggers/url-permission-model-legacy.js';
import { urlPublic } from './triggers/url-public.js';

/** Every check lambda-audit runs, in catalog order. Adding a check adds one line here. */
export const checks: readonly Check[] = [
  policyPublicInvoke,
  policyServiceNoSource,
  policyS3NoSourceAccount,
  policyWildcardCondition,
  policyCrossAccount,
  policyBroadActions,
  urlPublic,
  urlIamPublicPolicy,
  urlCorsWildcard,
  urlPermissionModelLegacy,
  envSecrets,
  envNoCmk,
  layerCrossAccount,
  codeSigningOff,
  runtimeDeprecated,
  runtimeDeprecationSoon,
  vpcNotAttached,
  logsNoLogGroup,
  logsNoWritePermission,
  logsRetentionUnset,
  logsNotKms,
  logsRecentErrors,
  xrayTracingOff,
  asyncNoFailureDest,
  concurrencyUnreserved,
  concurrencyZero,
  esmStreamNoFailureDest,
  esmStreamUnboundedRetry,
  esmBrokerAuth,
  esmCrossAccountSource,
  esmFilterNotCmk,
  esmState,
  roleAdmin,
  rolePrivilegeEscalation,
  rolePassroleWildcard,
  roleServiceWildcard,
  roleResourceExposure,
  roleDataExfiltration,
  roleCredentialsExposure,
  roleWriteWildcardResource,
  roleUnusedServices,
  roleTrustTooBroad,
  roleTrustConfusedDeputy,
  roleShared,
  roleMissing,
  roleInlinePolicies,
  functionUntagged,
  apigwRouteUnauthenticated,
  apigwNoRequestValidation,
  apigwNoWaf,
  albUnauthenticated,
  albPlainHttp,
  sourcePublicWrite,
  sourceCrossAccountWrite,
  sourceNoCmk,
  esmSqsNoRedrive,
  exposureOpenPowerfulRole,
  monitoringNoErrorAlarm,
  monitoringNoSpikeAlarm,
  cloudtrailInvokeNotLogged,
  vpcSingleAz,
  vpcSgEgressOpen,
];

/** Checks about an account and region rather than a function, run once for each. */
export const accountChecks: readonly AccountCheck[] = [guarddutyLambdaProtectionOff];
