/**
 * Accounts through which AWS itself publishes Lambda layers; `layer-cross-account` trusts them by
 * default. Most extensions use one account per region, so each list is per region where AWS does.
 *
 * Sources (read 2026-06):
 * - Lambda Insights: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Lambda-Insights-extension-versions.html
 *   (as mirrored by awslabs/serverless-plugin-lambda-insights `layerVersions.json`).
 * - Parameters and Secrets extension: https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html#retrieving-secrets_lambda_ARNs
 *   (as mirrored by fedonev/lambda-params-secrets `data/aws-layer-arns.json`).
 * - AppConfig extension: https://docs.aws.amazon.com/appconfig/latest/userguide/appconfig-integration-lambda-extensions-versions.html
 * - Powertools for AWS Lambda: https://docs.powertools.aws.dev/lambda/python/latest/#lambda-layer and
 *   https://docs.aws.amazon.com/powertools/typescript/latest/getting-started/lambda-layers/
 * - AWS Distro for OpenTelemetry: https://aws-otel.github.io/docs/getting-started/lambda
 */
export const AWS_LAYER_PUBLISHERS: Readonly<Record<string, readonly string[]>> = {
  'Lambda Insights': [
    '580247275435', // most commercial regions
    '012438385374', // af-south-1
    '519774774795', // ap-east-1
    '891564319516', // ap-south-2
    '439286490199', // ap-southeast-3
    '194566237122', // ap-northeast-3
    '033019950311', // eu-central-2
    '339249233099', // eu-south-1
    '352183217350', // eu-south-2
    '285320876703', // me-south-1
    '732604637566', // me-central-1
    '488211338238', // cn-north-1, cn-northwest-1
  ],
  'Parameters and Secrets extension': [
    '177933569100', // us-east-1
    '590474943231', // us-east-2
    '997803712105', // us-west-1
    '345057560386', // us-west-2
    '317013901791', // af-south-1
    '768336418462', // ap-east-1
    '490737872127', // ap-southeast-3
    '176022468876', // ap-south-1
    '576959938190', // ap-northeast-3
    '738900069198', // ap-northeast-2
    '044395824272', // ap-southeast-1
    '665172237481', // ap-southeast-2
    '133490724326', // ap-northeast-1
    '200266452380', // ca-central-1
    '287114880934', // cn-north-1
    '287310001119', // cn-northwest-1
    '187925254637', // eu-central-1
    '015030872274', // eu-west-1
    '133256977650', // eu-west-2
    '325218067255', // eu-south-1
    '780235371811', // eu-west-3
    '427196147048', // eu-north-1
    '832021897121', // me-south-1
    '858974508948', // me-central-1
    '933737806257', // sa-east-1
    '129776340158', // us-gov-east-1
    '127562683043', // us-gov-west-1
  ],
  'AppConfig extension': [
    '027255383542', // us-east-1
    '728743619870', // us-east-2
    '958113053741', // us-west-1
    '359756378197', // us-west-2
    '039592058896', // ca-central-1
    '066940009817', // eu-central-1
    '434848589818', // eu-west-1
    '282860088358', // eu-west-2
    '493207061005', // eu-west-3
    '646970417810', // eu-north-1
    '203683718741', // eu-south-1
    '615057806174', // cn-north-1
    '615084187847', // cn-northwest-1
    '630222743974', // ap-east-1
    '980059726660', // ap-northeast-1
    '826293736237', // ap-northeast-2
    '706869817123', // ap-northeast-3
    '421114256042', // ap-southeast-1
    '080788657173', // ap-southeast-2
    '418787028745', // ap-southeast-3
    '554480029851', // ap-south-1
    '000010852771', // sa-east-1
    '574348263942', // af-south-1
    '559955524753', // me-south-1
    '946561847325', // us-gov-east-1
    '946746059096', // us-gov-west-1
  ],
  'Powertools for AWS Lambda': [
    '017000801446', // Python
    '094274105915', // TypeScript
  ],
  'AWS Distro for OpenTelemetry': ['901920570463'],
};

/** Every AWS layer-publisher account, flattened. */
export const AWS_LAYER_PUBLISHER_ACCOUNTS: ReadonlySet<string> = new Set(
  Object.values(AWS_LAYER_PUBLISHERS).flat(),
);
