import {
  AccessDeniedException,
  BadRequestException,
  GetDataLakeSourcesCommand,
  ListDataLakeExceptionsCommand,
  ThrottlingException,
  ListDataLakesCommand,
  ListLogSourcesCommand,
  ListLogSourcesCommandInput,
  ListLogSourcesCommandOutput,
  SecurityLakeClient,
} from '@aws-sdk/client-securitylake';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AwsControlPlane } from './AwsControlPlane';

describe('AwsControlPlane', () => {
  const securityLakeMock = mockClient(SecurityLakeClient);
  const regions = ['us-east-1', 'eu-west-1'];

  beforeEach(() => {
    securityLakeMock.reset();
  });

  function createControlPlane() {
    const clientForRegion = jest.fn(
      (region: string) => new SecurityLakeClient({ region }),
    );
    const sleep = jest.fn(async (_ms: number) => {});
    return {
      clientForRegion,
      sleep,
      controlPlane: new AwsControlPlane({ regions, clientForRegion, sleep }),
    };
  }

  /** The region a command was sent to: each region has its own client. */
  const regionOf = (call: { thisValue: any }) =>
    (call.thisValue as SecurityLakeClient).config.region();

  function mockDataLakes() {
    securityLakeMock.on(ListDataLakesCommand).resolves({
      dataLakes: [
        { dataLakeArn: 'arn:lake:us-east-1', region: 'us-east-1' },
        { dataLakeArn: 'arn:lake:eu-west-1', region: 'eu-west-1' },
      ],
    });
  }

  it('lists data lake regions with one call from the first region', async () => {
    mockDataLakes();
    const { controlPlane, clientForRegion } = createControlPlane();

    await expect(controlPlane.listDataLakeRegions()).resolves.toEqual([
      'us-east-1',
      'eu-west-1',
    ]);
    expect(securityLakeMock).toHaveReceivedCommandTimes(
      ListDataLakesCommand,
      1,
    );
    expect(
      securityLakeMock.commandCalls(ListDataLakesCommand)[0].args[0].input,
    ).toEqual({ regions: ['us-east-1', 'eu-west-1'] });
    expect(clientForRegion).toHaveBeenCalledTimes(1);
    expect(clientForRegion).toHaveBeenCalledWith('us-east-1');
  });

  it('lists native log sources across regions and pages', async () => {
    mockDataLakes();
    const pages: Record<string, ListLogSourcesCommandOutput> = {
      'us-east-1/': {
        sources: [
          {
            account: '111122223333',
            region: 'us-east-1',
            sources: [
              {
                awsLogSource: {
                  sourceName: 'CLOUD_TRAIL_MGMT',
                  sourceVersion: '2.0',
                },
              },
              {
                customLogSource: {
                  sourceName: 'my-custom-source',
                  sourceVersion: '1.0',
                },
              },
            ],
          },
        ],
        nextToken: 'us-east-1-page-2',
        $metadata: {},
      },
      'us-east-1/us-east-1-page-2': {
        sources: [
          {
            account: '444455556666',
            region: 'us-east-1',
            sources: [
              {
                awsLogSource: { sourceName: 'VPC_FLOW', sourceVersion: '1.0' },
              },
              // Not a version the plugin has tables for
              {
                awsLogSource: { sourceName: 'VPC_FLOW', sourceVersion: '3.0' },
              },
            ],
          },
        ],
        $metadata: {},
      },
      'eu-west-1/': {
        sources: [
          {
            account: '111122223333',
            region: 'eu-west-1',
            sources: [
              {
                awsLogSource: {
                  sourceName: 'SH_FINDINGS',
                  sourceVersion: '2.0',
                },
              },
            ],
          },
        ],
        $metadata: {},
      },
    };
    // The SDK paginator reuses one input object across pages, so copy each input as it is sent
    const sentInputs: ListLogSourcesCommandInput[] = [];
    securityLakeMock.on(ListLogSourcesCommand).callsFake(input => {
      sentInputs.push(structuredClone(input));
      const page =
        pages[`${input.regions?.join(',')}/${input.nextToken ?? ''}`];
      if (!page) {
        throw new Error(`Unexpected input ${JSON.stringify(input)}`);
      }
      return page;
    });
    const { controlPlane } = createControlPlane();

    const records = await controlPlane.listLogSources();

    expect(records).toEqual([
      {
        accountId: '111122223333',
        region: 'us-east-1',
        source: 'CLOUD_TRAIL_MGMT',
        version: '2.0',
      },
      {
        kind: 'custom',
        accountId: '111122223333',
        region: 'us-east-1',
        source: 'my-custom-source',
        version: '1.0',
      },
      {
        accountId: '444455556666',
        region: 'us-east-1',
        source: 'VPC_FLOW',
        version: '1.0',
      },
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        source: 'SH_FINDINGS',
        version: '2.0',
      },
    ]);
    expect(securityLakeMock).toHaveReceivedCommandTimes(
      ListDataLakesCommand,
      1,
    );
    expect(securityLakeMock).toHaveReceivedCommandTimes(
      ListLogSourcesCommand,
      3,
    );
    // Regions are listed concurrently; within a region the pages go in order
    expect(sentInputs.filter(i => i.regions?.[0] === 'us-east-1')).toEqual([
      { regions: ['us-east-1'] },
      { regions: ['us-east-1'], nextToken: 'us-east-1-page-2' },
    ]);
    expect(sentInputs.filter(i => i.regions?.[0] === 'eu-west-1')).toEqual([
      { regions: ['eu-west-1'] },
    ]);
  });

  it('lets access errors propagate', async () => {
    const error = new AccessDeniedException({
      message: 'not authorized',
      $metadata: {},
    });
    securityLakeMock.on(ListDataLakesCommand).rejects(error);
    const { controlPlane } = createControlPlane();

    await expect(controlPlane.listLogSources()).rejects.toBe(error);
    expect(securityLakeMock).toHaveReceivedCommandTimes(
      ListLogSourcesCommand,
      0,
    );
  });

  it('lists custom sources beside native ones', async () => {
    securityLakeMock.on(ListDataLakesCommand).resolves({
      dataLakes: [{ dataLakeArn: 'arn:lake:us-east-1', region: 'us-east-1' }],
    });
    securityLakeMock.on(ListLogSourcesCommand).resolves({
      sources: [
        {
          account: '111122223333',
          region: 'us-east-1',
          sources: [
            {
              customLogSource: { sourceName: 'okta_sso', sourceVersion: '1.0' },
            },
            { awsLogSource: { sourceName: 'WAF', sourceVersion: '2.0' } },
          ],
        },
      ],
    });
    const { controlPlane } = createControlPlane();
    expect(await controlPlane.listLogSources()).toEqual([
      {
        kind: 'custom',
        accountId: '111122223333',
        region: 'us-east-1',
        source: 'okta_sso',
        version: '1.0',
      },
      {
        accountId: '111122223333',
        region: 'us-east-1',
        source: 'WAF',
        version: '2.0',
      },
    ]);
  });

  describe('source statuses', () => {
    const page1 = {
      dataLakeArn: 'arn:lake',
      dataLakeSources: [
        {
          account: '111122223333',
          sourceName: 'VPC_FLOW',
          sourceStatuses: [
            { resource: 'arn:vpc-1', status: 'COLLECTING' as const },
            { resource: 'arn:vpc-2', status: 'MISCONFIGURED' as const },
          ],
        },
      ],
      nextToken: 'page-2',
    };
    const page2 = {
      dataLakeArn: 'arn:lake',
      dataLakeSources: [
        {
          account: '444455556666',
          sourceName: 'ROUTE53',
          sourceStatuses: [{ status: 'NOT_COLLECTING' as const }],
        },
        // no status: not reported
        { account: '444455556666', sourceName: 'WAF', sourceStatuses: [] },
      ],
    };

    it('pages GetDataLakeSources 100 accounts at a time in every data lake region, worst status per source', async () => {
      mockDataLakes();
      securityLakeMock
        .on(GetDataLakeSourcesCommand, { maxResults: 100 })
        .resolvesOnce(page1)
        .resolvesOnce({ dataLakeArn: 'arn:lake', dataLakeSources: [] });
      securityLakeMock
        .on(GetDataLakeSourcesCommand, { maxResults: 100, nextToken: 'page-2' })
        .resolves(page2);
      const { controlPlane } = createControlPlane();

      const statuses = await controlPlane.listSourceStatuses();
      const calls = securityLakeMock.commandCalls(GetDataLakeSourcesCommand);
      const sent = await Promise.all(
        calls.map(async c => [await regionOf(c), c.args[0].input]),
      );
      expect(sent).toEqual(
        expect.arrayContaining([
          ['us-east-1', { maxResults: 100 }],
          ['us-east-1', { maxResults: 100, nextToken: 'page-2' }],
          ['eu-west-1', { maxResults: 100 }],
        ]),
      );
      expect(sent).toHaveLength(3);
      const inRegionOfFirstPage = statuses.filter(
        s => s.source === 'VPC_FLOW',
      )[0].region;
      expect(statuses).toEqual([
        {
          accountId: '111122223333',
          region: inRegionOfFirstPage,
          source: 'VPC_FLOW',
          status: 'MISCONFIGURED',
        },
        {
          accountId: '444455556666',
          region: inRegionOfFirstPage,
          source: 'ROUTE53',
          status: 'NOT_COLLECTING',
        },
      ]);
    });

    it('waits out throttling for as long as the service asks, then succeeds', async () => {
      securityLakeMock.on(ListDataLakesCommand).resolves({
        dataLakes: [{ dataLakeArn: 'arn:lake', region: 'us-east-1' }],
      });
      securityLakeMock
        .on(GetDataLakeSourcesCommand)
        .rejectsOnce(
          new ThrottlingException({
            message: 'Rate exceeded',
            retryAfterSeconds: 3,
            $metadata: {},
          }),
        )
        .resolves({
          dataLakeArn: 'arn:lake',
          dataLakeSources: page2.dataLakeSources,
        });
      const { controlPlane, sleep } = createControlPlane();

      expect(await controlPlane.listSourceStatuses()).toHaveLength(1);
      expect(sleep).toHaveBeenCalledWith(3000);
      expect(securityLakeMock).toHaveReceivedCommandTimes(
        GetDataLakeSourcesCommand,
        2,
      );
    });

    it('gives up on throttling after three attempts', async () => {
      securityLakeMock.on(ListDataLakesCommand).resolves({
        dataLakes: [{ dataLakeArn: 'arn:lake', region: 'us-east-1' }],
      });
      securityLakeMock
        .on(GetDataLakeSourcesCommand)
        .rejects(
          new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }),
        );
      const { controlPlane } = createControlPlane();
      await expect(controlPlane.listSourceStatuses()).rejects.toThrow(
        'Rate exceeded',
      );
      expect(securityLakeMock).toHaveReceivedCommandTimes(
        GetDataLakeSourcesCommand,
        3,
      );
    });

    it('starts the listing over once when the page token expired, and fails clearly the second time', async () => {
      securityLakeMock.on(ListDataLakesCommand).resolves({
        dataLakes: [{ dataLakeArn: 'arn:lake', region: 'us-east-1' }],
      });
      const expired = new BadRequestException({
        message: 'The nextToken has expired',
        $metadata: {},
      });
      securityLakeMock
        .on(GetDataLakeSourcesCommand, { maxResults: 100 })
        .resolves(page1);
      securityLakeMock
        .on(GetDataLakeSourcesCommand, { maxResults: 100, nextToken: 'page-2' })
        .rejectsOnce(expired)
        .resolves(page2);
      const { controlPlane } = createControlPlane();

      expect(await controlPlane.listSourceStatuses()).toHaveLength(2);
      expect(
        securityLakeMock
          .commandCalls(GetDataLakeSourcesCommand)
          .map(c => c.args[0].input),
      ).toEqual([
        { maxResults: 100 },
        { maxResults: 100, nextToken: 'page-2' },
        { maxResults: 100 },
        { maxResults: 100, nextToken: 'page-2' },
      ]);

      securityLakeMock.reset();
      securityLakeMock.on(ListDataLakesCommand).resolves({
        dataLakes: [{ dataLakeArn: 'arn:lake', region: 'us-east-1' }],
      });
      securityLakeMock
        .on(GetDataLakeSourcesCommand, { maxResults: 100 })
        .resolves(page1);
      securityLakeMock
        .on(GetDataLakeSourcesCommand, { maxResults: 100, nextToken: 'page-2' })
        .rejects(expired);
      await expect(controlPlane.listSourceStatuses()).rejects.toThrow(
        'GetDataLakeSources in us-east-1: the page token expired again after starting over (The nextToken has expired); try the refresh again',
      );
    });
  });

  it('reads the data lake exceptions with their remediation from every region at once', async () => {
    securityLakeMock.on(ListDataLakeExceptionsCommand).resolves({
      exceptions: [
        {
          region: 'eu-west-1',
          exception: 'VPC_FLOW for account 111122223333: AccessDenied',
          remediation: 'Grant s3:PutObject to the delivery role',
          timestamp: new Date('2026-11-20T09:00:00Z'),
        },
        { region: 'us-east-1', exception: 'Glue crawler failed' },
      ],
    });
    const { controlPlane } = createControlPlane();
    expect(await controlPlane.listDataLakeExceptions()).toEqual([
      {
        region: 'eu-west-1',
        exception: 'VPC_FLOW for account 111122223333: AccessDenied',
        remediation: 'Grant s3:PutObject to the delivery role',
        timestamp: '2026-11-20T09:00:00.000Z',
      },
      { region: 'us-east-1', exception: 'Glue crawler failed' },
    ]);
    expect(securityLakeMock).toHaveReceivedCommandWith(
      ListDataLakeExceptionsCommand,
      { regions },
    );
  });
});
