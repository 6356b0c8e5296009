/**
 * The privilege-escalation paths of pathfinding.cloud (DataDog/pathfinding.cloud, Apache-2.0),
 * snapshot 2025-12-17 (commit 84dd65c): ids, categories and required permissions, copied from
 * the project's shared `iam/pathfinding-paths.json`. Names are ours: the ones checks.md's table
 * has always used where a path is one of those, a descriptive one otherwise.
 */

/** pathfinding.cloud's categories, shortened: they decide which resources complete each step. */
export type PathCategory = 'new' | 'existing' | 'self' | 'principal';

export interface PathSpec {
  /** pathfinding.cloud's id (`iam-005`); null for the one classic path it does not list. */
  id: string | null;
  name: string;
  category: PathCategory;
  /** Every permission the path needs, `service:Action` as AWS spells it. */
  actions: readonly string[];
}

/** How findings and views name a path: ours, then pathfinding.cloud's id to look it up by. */
export function pathLabel(path: { id: string | null; name: string }): string {
  return path.id ? `${path.name} (pathfinding.cloud ${path.id})` : path.name;
}

type Row = [id: string, name: string, category: PathCategory, actions: string[]];

// biome-ignore format: one path per line reads as the catalog does
const ROWS: Row[] = [
  ['apprunner-001', 'PassExistingRoleToNewAppRunnerService', 'new', ['iam:PassRole', 'apprunner:CreateService']],
  ['apprunner-002', 'UpdateExistingAppRunnerService', 'existing', ['apprunner:UpdateService']],
  ['bedrock-001', 'PassExistingRoleToNewCodeInterpreter', 'new', ['iam:PassRole', 'bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter']],
  ['bedrock-002', 'InvokeExistingCodeInterpreter', 'existing', ['bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter']],
  ['cloudformation-001', 'PassExistingRoleToCloudFormation', 'new', ['iam:PassRole', 'cloudformation:CreateStack']],
  ['cloudformation-002', 'UpdateExistingCloudFormationStack', 'existing', ['cloudformation:UpdateStack']],
  ['cloudformation-003', 'PassExistingRoleToNewStackSet', 'new', ['iam:PassRole', 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances']],
  ['cloudformation-004', 'PassExistingRoleToExistingStackSet', 'new', ['iam:PassRole', 'cloudformation:UpdateStackSet']],
  ['cloudformation-005', 'ExecuteChangeSetOnExistingStack', 'new', ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']],
  ['codebuild-001', 'PassExistingRoleToNewCodeBuildProject', 'new', ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuild']],
  ['codebuild-002', 'StartBuildOfExistingCodeBuildProject', 'existing', ['codebuild:StartBuild']],
  ['codebuild-003', 'StartBuildBatchOfExistingCodeBuildProject', 'existing', ['codebuild:StartBuildBatch']],
  ['codebuild-004', 'PassExistingRoleToNewCodeBuildProjectBatch', 'new', ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuildBatch']],
  ['datapipeline-001', 'PassExistingRoleToNewDataPipeline', 'new', ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline']],
  ['ec2-001', 'CreateEC2WithExistingIP', 'new', ['iam:PassRole', 'ec2:RunInstances']],
  ['ec2-002', 'ModifyUserDataOfExistingEC2Instance', 'existing', ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances']],
  ['ec2-003', 'PassExistingRoleToNewSpotInstance', 'new', ['iam:PassRole', 'ec2:RequestSpotInstances']],
  ['ec2-004', 'ModifyExistingLaunchTemplate', 'existing', ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate']],
  ['ec2instanceconnect-003', 'SendSSHPublicKeyToExistingInstance', 'existing', ['ec2-instance-connect:SendSSHPublicKey', 'ec2:DescribeInstances']],
  ['ecs-001', 'PassExistingRoleToNewECSServiceInNewCluster', 'new', ['iam:PassRole', 'ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:CreateService']],
  ['ecs-002', 'PassExistingRoleToNewECSTaskInNewCluster', 'new', ['iam:PassRole', 'ecs:CreateCluster', 'ecs:RegisterTaskDefinition', 'ecs:RunTask']],
  ['ecs-003', 'PassExistingRoleToNewECSService', 'new', ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:CreateService']],
  ['ecs-004', 'PassExistingRoleToNewECSTask', 'new', ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask']],
  ['ecs-005', 'PassExistingRoleToNewECSTaskOnInstance', 'new', ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:StartTask']],
  ['glue-001', 'PassExistingRoleToNewGlueDevEndpoint', 'new', ['iam:PassRole', 'glue:CreateDevEndpoint']],
  ['glue-002', 'UpdateExistingGlueDevEndpoint', 'existing', ['glue:UpdateDevEndpoint']],
  ['glue-003', 'PassExistingRoleToNewGlueJob', 'new', ['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun']],
  ['glue-004', 'PassExistingRoleToNewGlueJobWithTrigger', 'new', ['iam:PassRole', 'glue:CreateJob', 'glue:CreateTrigger']],
  ['glue-005', 'PassExistingRoleToExistingGlueJob', 'new', ['iam:PassRole', 'glue:UpdateJob', 'glue:StartJobRun']],
  ['glue-006', 'PassExistingRoleToExistingGlueJobWithTrigger', 'new', ['iam:PassRole', 'glue:UpdateJob', 'glue:CreateTrigger']],
  ['iam-001', 'CreateNewPolicyVersion', 'self', ['iam:CreatePolicyVersion']],
  ['iam-002', 'CreateAccessKey', 'principal', ['iam:CreateAccessKey']],
  ['iam-003', 'ReplaceAccessKey', 'principal', ['iam:CreateAccessKey', 'iam:DeleteAccessKey']],
  ['iam-004', 'CreateLoginProfile', 'principal', ['iam:CreateLoginProfile']],
  ['iam-005', 'PutRolePolicy', 'self', ['iam:PutRolePolicy']],
  ['iam-006', 'UpdateLoginProfile', 'principal', ['iam:UpdateLoginProfile']],
  ['iam-007', 'PutUserPolicy', 'self', ['iam:PutUserPolicy']],
  ['iam-008', 'AttachUserPolicy', 'self', ['iam:AttachUserPolicy']],
  ['iam-009', 'AttachRolePolicy', 'self', ['iam:AttachRolePolicy']],
  ['iam-010', 'AttachGroupPolicy', 'self', ['iam:AttachGroupPolicy']],
  ['iam-011', 'PutGroupPolicy', 'self', ['iam:PutGroupPolicy']],
  ['iam-012', 'UpdateRolePolicyToAssumeIt', 'principal', ['iam:UpdateAssumeRolePolicy']],
  ['iam-013', 'AddUserToGroup', 'self', ['iam:AddUserToGroup']],
  ['iam-014', 'AttachRolePolicyThenAssumeIt', 'principal', ['iam:AttachRolePolicy', 'sts:AssumeRole']],
  ['iam-015', 'AttachUserPolicyThenCreateAccessKey', 'principal', ['iam:AttachUserPolicy', 'iam:CreateAccessKey']],
  ['iam-016', 'CreatePolicyVersionThenAssumeRole', 'principal', ['iam:CreatePolicyVersion', 'sts:AssumeRole']],
  ['iam-017', 'PutRolePolicyThenAssumeIt', 'principal', ['iam:PutRolePolicy', 'sts:AssumeRole']],
  ['iam-018', 'PutUserPolicyThenCreateAccessKey', 'principal', ['iam:PutUserPolicy', 'iam:CreateAccessKey']],
  ['iam-019', 'AttachRolePolicyThenUpdateTrust', 'principal', ['iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy']],
  ['iam-020', 'CreatePolicyVersionThenUpdateTrust', 'principal', ['iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy']],
  ['iam-021', 'PutRolePolicyThenUpdateTrust', 'principal', ['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy']],
  ['lambda-001', 'PassExistingRoleToNewLambdaThenInvoke', 'new', ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']],
  ['lambda-002', 'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo', 'new', ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping']],
  ['lambda-003', 'EditExistingLambdaFunctionWithRole', 'existing', ['lambda:UpdateFunctionCode']],
  ['lambda-004', 'EditExistingLambdaFunctionThenInvoke', 'existing', ['lambda:UpdateFunctionCode', 'lambda:InvokeFunction']],
  ['lambda-005', 'EditExistingLambdaFunctionThenAddPermission', 'existing', ['lambda:UpdateFunctionCode', 'lambda:AddPermission']],
  ['lambda-006', 'PassExistingRoleToNewLambdaThenAddPermission', 'new', ['iam:PassRole', 'lambda:CreateFunction', 'lambda:AddPermission']],
  ['sagemaker-001', 'PassExistingRoleToNewNotebookInstance', 'new', ['iam:PassRole', 'sagemaker:CreateNotebookInstance']],
  ['sagemaker-002', 'PassExistingRoleToNewTrainingJob', 'new', ['iam:PassRole', 'sagemaker:CreateTrainingJob']],
  ['sagemaker-003', 'PassExistingRoleToNewProcessingJob', 'new', ['iam:PassRole', 'sagemaker:CreateProcessingJob']],
  ['sagemaker-004', 'OpenExistingNotebookInstance', 'existing', ['sagemaker:CreatePresignedNotebookInstanceUrl']],
  ['sagemaker-005', 'AddLifecycleConfigToExistingNotebook', 'existing', ['sagemaker:CreateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:UpdateNotebookInstance', 'sagemaker:StartNotebookInstance']],
  ['ssm-001', 'StartSessionOnExistingInstance', 'existing', ['ssm:StartSession']],
  ['ssm-002', 'SendCommandToExistingInstance', 'existing', ['ssm:SendCommand']],
  ['sts-001', 'AssumeRole', 'principal', ['sts:AssumeRole']],
];

export const PATHS: readonly PathSpec[] = [
  ...ROWS.map(([id, name, category, actions]) => ({ id, name, category, actions })),
  // Rhino's classic path, in checks.md's table though not in pathfinding.cloud's catalog.
  {
    id: null,
    name: 'SetExistingDefaultPolicyVersion',
    category: 'self',
    actions: ['iam:SetDefaultPolicyVersion'],
  },
];

/** The service `iam:PassRole` must reach for the paths of each pathfinding.cloud prefix. */
export const PASSED_TO: Readonly<Record<string, readonly string[]>> = {
  apprunner: ['build.apprunner.amazonaws.com', 'tasks.apprunner.amazonaws.com'],
  bedrock: ['bedrock-agentcore.amazonaws.com'],
  cloudformation: ['cloudformation.amazonaws.com'],
  codebuild: ['codebuild.amazonaws.com'],
  datapipeline: ['datapipeline.amazonaws.com'],
  ec2: ['ec2.amazonaws.com'],
  ecs: ['ecs-tasks.amazonaws.com'],
  glue: ['glue.amazonaws.com'],
  lambda: ['lambda.amazonaws.com'],
  sagemaker: ['sagemaker.amazonaws.com'],
};
