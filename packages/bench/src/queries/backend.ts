/*
 * The demo portal's backend for yarn bench:queries, started by run.ts as a child process: Athena from
 * config (securityLake.athena.endpoint and s3Endpoint point its SDK clients at the stand-in), and a control
 * plane with no log sources, so the coverage refresh sends the engine nothing and every run names its region.
 */
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { securityLakeEnginesExtensionPoint } from '@internal/plugin-security-lake-node';
// the portal's own feature list, so the bench measures what the image runs
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { backendFeatures } from 'backend/src/features';

const emptyControlPlaneModule = createBackendModule({
  pluginId: 'security-lake',
  moduleId: 'bench-control-plane',
  register(reg) {
    reg.registerInit({
      deps: { engines: securityLakeEnginesExtensionPoint },
      async init({ engines }) {
        engines.setControlPlane({
          kind: 'bench',
          listDataLakeRegions: async () => ['us-east-1'],
          listLogSources: async () => [],
          listSourceStatuses: async () => [],
          listDataLakeExceptions: async () => [],
        });
      },
    });
  },
});

const backend = createBackend();
for (const feature of backendFeatures) {
  backend.add(feature);
}
backend.add(emptyControlPlaneModule);
backend.start();
