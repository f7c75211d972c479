import {
  AccessDeniedException,
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
    return {
      clientForRegion,
      controlPlane: new AwsControlPlane({ regions, clientForRegion }),
    };
  }

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
});
