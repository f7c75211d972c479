import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AccountListResponse,
  SecurityLakeInfo,
} from '@internal/plugin-security-lake-common';
import { SecurityLakeApi } from './SecurityLakeApi';

/**
 * Default {@link SecurityLakeApi} implementation, talking to the security-lake backend.
 *
 * @public
 */
export class SecurityLakeClient implements SecurityLakeApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getInfo(): Promise<SecurityLakeInfo> {
    return await this.request<SecurityLakeInfo>('/info');
  }

  async listAccounts(options?: {
    entityRef?: string;
  }): Promise<AccountListResponse> {
    const query = options?.entityRef
      ? `?entityRef=${encodeURIComponent(options.entityRef)}`
      : '';
    return await this.request<AccountListResponse>(`/accounts${query}`);
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('security-lake');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
