import { LibraryQuery } from '@internal/plugin-security-lake-common';
import {
  checkLibraryQuery,
  LIBRARY_QUERIES,
  SecurityLakeQueryLibraryExtensionPoint,
} from '@internal/plugin-security-lake-node';

/**
 * The curated library the portal serves: the built-in queries (`LIBRARY_QUERIES`), then those modules
 * added through `securityLakeQueryLibraryExtensionPoint`, each checked as the built-in ones are.
 *
 * @internal
 */
export class QueryLibrary {
  private readonly added: LibraryQuery[] = [];
  private byId = new Map(LIBRARY_QUERIES.map(q => [q.id, q]));

  /** What modules add queries through: each is checked as it is added, and refused with its problems. */
  readonly extensionPoint: SecurityLakeQueryLibraryExtensionPoint = {
    addQueries: (...queries) => {
      for (const query of queries) this.add(query);
    },
  };

  private add(query: LibraryQuery) {
    const problems = checkLibraryQuery(query);
    if (this.byId.has(query.id)) {
      problems.unshift({
        field: 'id',
        message: `the library already has a query ${query.id}`,
      });
    }
    if (problems.length > 0) {
      throw new Error(
        `Security Lake library query ${
          typeof query.id === 'string' ? query.id : '(no id)'
        } from a module is refused: ${problems
          .map(p => `${p.field}: ${p.message}`)
          .join('; ')}`,
      );
    }
    // a copy, so that what was checked is what runs
    const copy = structuredClone(query);
    this.added.push(copy);
    this.byId.set(copy.id, copy);
  }

  /** Every query, the built-in ones first. */
  list(): readonly LibraryQuery[] {
    return [...LIBRARY_QUERIES, ...this.added];
  }

  get(id: string): LibraryQuery | undefined {
    return this.byId.get(id);
  }
}
