import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { QueriesView } from '../QueriesView';

/**
 * Entity page content "Security Lake queries": the library, run for the entity's accounts, and the runs
 * started from this entity's page.
 *
 * @internal
 */
export function EntityQueriesContent() {
  const { entity } = useEntity();
  return <QueriesView entityRef={stringifyEntityRef(entity)} />;
}
