import { parseEntityRef } from '@backstage/catalog-model';

/** `payments` for `group:default/payments`, `finance/payments` in another namespace; the ref if it is none. */
export function shortEntityName(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}
