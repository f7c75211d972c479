import { createRouteRef } from '@backstage/core-plugin-api';

// Shared by both frontend systems, like the model plugins do.
export const rootRouteRef = createRouteRef({
  id: 'security-lake',
});
