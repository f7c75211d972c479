import {
  AccountListResponse,
  SecurityLakeInfo,
} from '@internal/plugin-security-lake-common';
import { SecurityLakeApi } from '../api';

export const localInfo: SecurityLakeInfo = {
  engine: 'duckdb',
  controlPlane: 'local',
  localMode: true,
};

export const awsInfo: SecurityLakeInfo = {
  engine: 'athena',
  controlPlane: 'aws',
  localMode: false,
};

export const accountList: AccountListResponse = {
  refreshedAt: '2024-05-01T10:00:00.000Z',
  items: [
    {
      accountId: '111122223333',
      title: 'Payments production',
      entityRefs: ['resource:default/payments-prod'],
      owners: ['group:default/payments'],
      inCatalog: true,
      regions: ['us-east-1', 'eu-west-1'],
      sources: [
        {
          source: 'CLOUD_TRAIL_MGMT',
          version: '2.0',
          regions: ['us-east-1', 'eu-west-1'],
        },
        { source: 'VPC_FLOW', version: '2.0', regions: ['us-east-1'] },
      ],
    },
    {
      accountId: '444455556666',
      entityRefs: [],
      owners: [],
      inCatalog: false,
      regions: ['ap-southeast-2'],
      sources: [
        { source: 'SH_FINDINGS', version: '2.0', regions: ['ap-southeast-2'] },
      ],
    },
  ],
};

export function createMockApi(): jest.Mocked<SecurityLakeApi> {
  return {
    getInfo: jest.fn().mockResolvedValue(awsInfo),
    listAccounts: jest.fn().mockResolvedValue(accountList),
  };
}
