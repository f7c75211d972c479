import {
  GuidedFinish,
  GuidedFinishStep,
  securityLakeDatabaseName,
  securityLakeTableName,
} from '@internal/plugin-security-lake-common';
import { StoredSubscriberRequest } from './SubscriberRequestStore';

/** `amazon_security_lake_glue_db_us_east_1` → `amazon_security_lake_glue_db_us_east_1_shared` */
function linkName(database: string): string {
  return `${database}_shared`;
}

/** The account in an ARN (`arn:aws:securitylake:us-east-1:123456789012:subscriber/...`). */
function accountOfArn(arn?: string): string | undefined {
  return arn?.split(':')[4] || undefined;
}

/**
 * What the requester does in the subscriber account once access is granted, with the real names in it: for
 * query access, accept the RAM share, link the shared database and grant Lake Formation SELECT to the
 * team's own roles (CLI commands and a CloudFormation template); for S3 access, the bucket, role, external
 * id and notification endpoint to use.
 *
 * @internal
 */
export function guidedFinish(
  request: StoredSubscriberRequest,
  catalogId: string,
): GuidedFinish {
  const { principal, externalId } = request.request;
  if (request.request.accessType === 'S3') {
    return {
      accessType: 'S3',
      steps: request.provisioned.map(p => ({
        title: `Read the objects in ${p.region}`,
        description: [
          `Bucket: ${p.s3BucketArn ?? 'not reported yet'}`,
          `Role to assume: ${p.roleArn ?? 'not reported yet'}`,
          `External id: ${externalId}`,
          p.subscriberEndpoint
            ? `New objects are announced at: ${p.subscriberEndpoint}`
            : 'No notification was asked for.',
        ].join('\n'),
        commands: [
          `aws sts assume-role --role-arn ${p.roleArn} --role-session-name security-lake --external-id '${externalId}'`,
          `aws s3 ls ${
            p.s3BucketArn ? `s3://${p.s3BucketArn.split(':::')[1]}/` : ''
          } --region ${p.region}`,
        ].join('\n'),
      })),
    };
  }

  const steps: GuidedFinishStep[] = [];
  const resources: string[] = [];
  for (const p of request.provisioned) {
    const database = securityLakeDatabaseName(p.region);
    const owner = accountOfArn(p.subscriberArn) ?? catalogId;
    const tables =
      p.dataCellsFilters?.map(f => f.table) ??
      request.request.sources.map(s =>
        securityLakeTableName(p.region, s.source, s.version),
      );
    steps.push({
      title: `Accept the resource share in ${p.region}`,
      description: p.resourceShareArn
        ? `Security Lake shared the tables with account ${principal} as ${
            p.resourceShareName ?? p.resourceShareArn
          }. Accept its invitation in that account.`
        : `Lake Formation shared the filtered tables with account ${principal} through AWS RAM. Accept the invitation from account ${owner} in that account.`,
      commands: p.resourceShareArn
        ? [
            `aws ram get-resource-share-invitations --resource-share-arns ${p.resourceShareArn} --region ${p.region}`,
            `aws ram accept-resource-share-invitation --resource-share-invitation-arn <invitation ARN from above> --region ${p.region}`,
          ].join('\n')
        : [
            `aws ram get-resource-share-invitations --region ${p.region} --query "resourceShareInvitations[?senderAccountId=='${owner}']"`,
            `aws ram accept-resource-share-invitation --resource-share-invitation-arn <invitation ARN from above> --region ${p.region}`,
          ].join('\n'),
    });
    steps.push({
      title: `Link the shared database in ${p.region}`,
      description: `Create a Glue resource link ${linkName(
        database,
      )} in account ${principal} to ${database} in account ${owner}, so Athena can name it.`,
      commands: `aws glue create-database --region ${
        p.region
      } --database-input '${JSON.stringify({
        Name: linkName(database),
        TargetDatabase: { CatalogId: owner, DatabaseName: database },
      })}'`,
    });
    steps.push({
      title: `Let your team's roles query in ${p.region}`,
      description: `Grant Lake Formation SELECT on the shared ${
        p.dataCellsFilters ? 'filtered ' : ''
      }tables (${tables.join(
        ', ',
      )}) and DESCRIBE on the link to the roles that run your queries. Replace the role name with yours.`,
      commands: [
        `aws lakeformation grant-permissions --region ${
          p.region
        } --principal DataLakePrincipalIdentifier=arn:aws:iam::${principal}:role/<your-analytics-role> --permissions DESCRIBE --resource '${JSON.stringify(
          { Database: { Name: linkName(database) } },
        )}'`,
        ...tables.map(
          table =>
            `aws lakeformation grant-permissions --region ${
              p.region
            } --principal DataLakePrincipalIdentifier=arn:aws:iam::${principal}:role/<your-analytics-role> --permissions SELECT --resource '${JSON.stringify(
              {
                Table: {
                  CatalogId: owner,
                  DatabaseName: database,
                  Name: table,
                },
              },
            )}'`,
        ),
      ].join('\n'),
    });
    const id = p.region.replace(/-/g, '');
    resources.push(
      `  SharedDatabaseLink${id}:
    Type: AWS::Glue::Database
    Properties:
      CatalogId: !Ref AWS::AccountId
      DatabaseInput:
        Name: ${linkName(database)}
        TargetDatabase:
          CatalogId: '${owner}'
          DatabaseName: ${database}`,
      ...tables.map(
        (table, i) => `  SelectOn${id}T${i + 1}:
    Type: AWS::LakeFormation::PrincipalPermissions
    Properties:
      Principal:
        DataLakePrincipalIdentifier: !Ref AnalyticsRoleArn
      Resource:
        Table:
          CatalogId: '${owner}'
          DatabaseName: ${database}
          Name: ${table}
      Permissions: [SELECT]
      PermissionsWithGrantOption: []`,
      ),
    );
  }
  return {
    accessType: 'LAKEFORMATION',
    steps,
    cloudFormation: `AWSTemplateFormatVersion: '2010-09-09'
Description: Query access to Security Lake for ${
      request.request.subscriberName
    } (accept the RAM invitation first)
Parameters:
  AnalyticsRoleArn:
    Type: String
    Description: The role your team runs Athena queries with
Resources:
${resources.join('\n')}
`,
  };
}
