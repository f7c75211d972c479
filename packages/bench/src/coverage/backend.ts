/*
 * The demo portal's backend with the bench lake in place of the local one: started by run.ts as a child
 * process, so its memory is measured on its own.
 */
import { createBackend } from '@backstage/backend-defaults';
// the portal's own feature list, so the bench measures what the image runs
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { backendFeatures } from 'backend/src/features';
import { benchLakeModule } from './benchLake';

const backend = createBackend();
for (const feature of backendFeatures) {
  backend.add(feature);
}
backend.add(benchLakeModule);
backend.start();
