/*
 * The demo portal's backend for yarn bench:findings, started by run.ts as a child process: every plugin of
 * the portal, the local module reading the bench lake named in its generated app-config.
 */
import { createBackend } from '@backstage/backend-defaults';
// the portal's own feature list, so the bench measures what the image runs
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { backendFeatures } from 'backend/src/features';

const backend = createBackend();
for (const feature of backendFeatures) {
  backend.add(feature);
}
backend.start();
