import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CoverageView } from '../CoverageView';

/**
 * The coverage of the current entity's AWS accounts: which sources arrive in which regions, how fresh and
 * how much, and what is missing.
 *
 * @internal
 */
export function EntityCoverageCard() {
  const { entity } = useEntity();
  return (
    <InfoCard
      title="Security Lake coverage"
      subheader="The sources each of this entity’s AWS accounts sends, per region"
    >
      <CoverageView
        entityRef={stringifyEntityRef(entity)}
        height={320}
        compact
      />
    </InfoCard>
  );
}
