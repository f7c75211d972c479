import { ApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../schema/openapi.generated';

/**
 * The router typed and validated from the OpenAPI spec; each capability adds its routes to it.
 *
 * @internal
 */
export type SecurityLakeRouter = ApiRouter<typeof spec>;
