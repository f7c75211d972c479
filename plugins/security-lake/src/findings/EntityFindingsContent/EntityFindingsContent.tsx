import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { FindingsView } from '../FindingsView';

/**
 * Entity page content "Security Lake findings": the findings of the entity's AWS accounts, with the same
 * filters, trend and detail as the Security Lake page.
 *
 * @internal
 */
export function EntityFindingsContent() {
  const { entity } = useEntity();
  return <FindingsView entityRef={stringifyEntityRef(entity)} />;
}
