import { InputError } from '@backstage/errors';
import {
  parseSecurityLakeTableName,
  securityLakeDatabaseName,
  securityLakeTableName,
  securityLakeTableRef,
  SecurityLakeTableIdentity,
  SecurityLakeSourceVersion,
  SqlProblem,
} from '@internal/plugin-security-lake-common';
import {
  QueryParameter,
  renderTableBounds,
  SqlFinding,
  SqlGrammar,
  SqlReading,
  SqlTableRead,
  TrinoSqlGrammar,
} from '@internal/plugin-security-lake-node';

/** A Security Lake table read by a statement, and where in the sent text it is named. */
interface TableReference extends SecurityLakeTableIdentity {
  from: number;
  to: number;
  /** Whether the statement gives it an alias; if not, the rewrite keeps its name as one. */
  aliased: boolean;
}

/** @internal */
export interface ScopedSql {
  /** The statement as sent: rebuilt from Trino's tokens, every lake table a bounded subquery; `?` where a bound is. */
  sql: string;
  values: QueryParameter[];
  /** Version 1 if every table read is; one version per run, as the run history records it. */
  sourceVersion: SecurityLakeSourceVersion;
  /** The tables read, as `database.table`. */
  tables: string[];
}

/**
 * Characters no statement needs and that engines read differently or that hide text from people: C0 and C1
 * controls but tab, line feed and carriage return (DuckDB stops reading at a NUL, Athena reads on), and the
 * bidirectional controls that reorder what an editor shows.
 */
const FORBIDDEN_CHARACTERS = new RegExp(
  // eslint-disable-next-line no-control-regex
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]',
  'g',
);

/** Functions that tell about the engine itself (its settings, environment, sequences) rather than data, in either dialect. */
const ENGINE_FUNCTIONS = new Set([
  'current_setting',
  'getenv',
  'getvariable',
  'nextval',
  'currval',
  'setseed',
  'current_database',
  'current_catalog',
  'current_schema',
  'current_schemas',
  'current_user',
  'current_role',
  'session_user',
  'version',
]);

function lineAndColumn(
  sql: string,
  offset: number | undefined,
): Pick<SqlProblem, 'line' | 'column'> {
  if (offset === undefined || offset < 0 || offset > sql.length) {
    return {};
  }
  const lines = sql.slice(0, offset).split(/\r\n|\r|\n|\u2028|\u2029/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function dotted(ref: SecurityLakeTableIdentity): string {
  return `${securityLakeDatabaseName(ref.region)}.${securityLakeTableName(
    ref.region,
    ref.source,
    ref.version,
  )}`;
}

function nameOf(table: SqlTableRead): string {
  return table.parts.join('.');
}

/** The lake table a name is, when it is one: bare, `db.table` or `awsdatacatalog.db.table`. */
function lakeIdentity(
  table: SqlTableRead,
): SecurityLakeTableIdentity | undefined {
  const parts = [...table.parts];
  const name = parts.pop();
  const schema = parts.pop();
  const catalog = parts.pop();
  if (parts.length > 0) {
    return undefined;
  }
  if (catalog !== undefined && catalog.toLowerCase() !== 'awsdatacatalog') {
    return undefined;
  }
  return parseSecurityLakeTableName(name ?? '', schema);
}

/** Two grammars read the same tables when they find the same names at the same places. */
function sameTables(a: SqlTableRead[], b: SqlTableRead[]): number | true {
  const key = (t: SqlTableRead) =>
    `${t.from}:${t.to}:${t.parts.map(p => p.toLowerCase()).join('.')}`;
  const left = [...a].sort((x, y) => x.from - y.from);
  const right = [...b].sort((x, y) => x.from - y.from);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (!left[i] || !right[i] || key(left[i]) !== key(right[i])) {
      return Math.min(left[i]?.from ?? Infinity, right[i]?.from ?? Infinity);
    }
  }
  return true;
}

/** What a statement reads as sent, or why it may not run. */
interface Analysis {
  problems: SqlProblem[];
  /** The text that is sent: Trino's tokens, comments dropped. */
  text: string;
  references: TableReference[];
}

/**
 * Ad-hoc SQL, checked and confined, as the engine that runs it reads it.
 *
 * The statement is cut into tokens by Trino's lexer (Athena's grammar) and rebuilt from them, comments
 * dropped: what is sent is only what was checked. The rebuilt text is read by Trino's grammar and, when
 * the engine is another (DuckDB locally), by that engine's grammar too; both must find one statement and
 * the same tables at the same places, or the statement is refused as reading differently on the two.
 * It may read Security Lake tables of the run's region and nothing else: no other tables or schemas, no
 * table functions but `unnest`, no recursion, no placeholders, no functions that read the engine.
 *
 * Every lake table reference is then rewritten into a subquery that reads the table only within the
 * run's window and accounts:
 *
 * `FROM amazon_security_lake_table_... t` → `FROM (SELECT * FROM "db"."table" WHERE time_dt >= ? AND
 * ... AND accountid IN (?, ?)) t`
 *
 * and the result is read again by every grammar and refused unless each finds every table in it read
 * through exactly such a bound, as many times as there were references.
 *
 * @internal
 */
export class AdhocSql {
  private readonly grammars: SqlGrammar[];

  constructor(
    private readonly trino: TrinoSqlGrammar,
    engineGrammar?: SqlGrammar,
  ) {
    this.grammars =
      engineGrammar && engineGrammar.dialect !== trino.dialect
        ? [trino, engineGrammar]
        : [trino];
  }

  /** The statement's problems with their line and column, and the lake tables it reads; nothing is run. */
  async check(
    sql: string,
    region?: string,
  ): Promise<{ problems: SqlProblem[]; tables: string[] }> {
    const { problems, references } = await this.analyse(sql, region);
    if (problems.length === 0 && references.length === 0) {
      problems.push({
        message:
          'reads no Security Lake table; name one of the tables listed beside the editor',
      });
    }
    return {
      problems,
      tables: [...new Set(references.map(dotted))].sort(),
    };
  }

  /** The statement confined to the window and accounts, or an InputError naming `sql` and where. */
  async scope(input: {
    sql: string;
    region: string;
    accountIds: string[];
    start: Date;
    end: Date;
  }): Promise<ScopedSql> {
    const { problems, references, text } = await this.analyse(
      input.sql,
      input.region,
    );
    if (problems.length > 0) {
      throw new InputError(`sql: ${problems.map(describe).join('; ')}`);
    }
    if (references.length === 0) {
      throw new InputError(
        'sql: reads no Security Lake table; name one of the tables of the run region',
      );
    }

    const bounds = new Map(
      (['2.0', '1.0'] as const).map(version => [
        version,
        renderTableBounds({ ...input, version }),
      ]),
    );
    const values: QueryParameter[] = [];
    let rewritten = '';
    let at = 0;
    for (const ref of references) {
      const bound = bounds.get(ref.version)!;
      const name = securityLakeTableName(ref.region, ref.source, ref.version);
      rewritten += `${text.slice(
        at,
        ref.from,
      )}(SELECT * FROM ${securityLakeTableRef(
        ref.region,
        ref.source,
        ref.version,
      )} WHERE ${bound.sql})${ref.aliased ? '' : ` AS "${name}"`}`;
      values.push(...bound.values);
      at = ref.to;
    }
    rewritten += text.slice(at);

    await this.verify(rewritten, references, values.length, [
      ...bounds.entries(),
    ]);
    const versions = new Set(references.map(r => r.version));
    return {
      sql: rewritten,
      values,
      sourceVersion: versions.has('2.0') ? '2.0' : '1.0',
      tables: [...new Set(references.map(dotted))].sort(),
    };
  }

  private async analyse(sql: string, region?: string): Promise<Analysis> {
    const found: { message: string; offset?: number }[] = [];
    const at = (message: string, offset?: number) =>
      found.push({ message, offset });
    const result = await this.read(sql, region, at);
    // in the order of the text; what has no place last
    const problems = found
      .map((f, index) => ({ ...f, index }))
      .sort(
        (a, b) =>
          (a.offset ?? Infinity) - (b.offset ?? Infinity) || a.index - b.index,
      )
      .map(f => ({ message: f.message, ...lineAndColumn(sql, f.offset) }));
    return { ...result, problems };
  }

  private async read(
    sql: string,
    region: string | undefined,
    at: (message: string, offset?: number) => void,
  ): Promise<Omit<Analysis, 'problems'>> {
    let problems = 0;
    const count = (message: string, offset?: number) => {
      problems++;
      at(message, offset);
    };
    for (const match of sql.matchAll(FORBIDDEN_CHARACTERS)) {
      const code = match[0].codePointAt(0)!;
      count(
        `the control or invisible character U+${code
          .toString(16)
          .toUpperCase()
          .padStart(
            4,
            '0',
          )} is not allowed (engines read it differently, and editors hide it)`,
        match.index,
      );
    }
    if (problems > 0) {
      return { text: sql, references: [] };
    }
    const rebuilt = this.trino.rebuild(sql);
    for (const problem of rebuilt.problems) {
      count(problem.message, problem.offset);
    }
    if (problems > 0) {
      return { text: sql, references: [] };
    }
    const { text } = rebuilt;
    const original = (finding: SqlFinding) =>
      finding.offset === undefined
        ? undefined
        : rebuilt.originalOffset(finding.offset);

    const readings = await Promise.all(this.grammars.map(g => g.read(text)));
    const [trino, ...others] = readings;
    if (trino.syntaxError) {
      count(trino.syntaxError.message, original(trino.syntaxError));
      return { text, references: [] };
    }
    for (const [index, reading] of others.entries()) {
      const grammar = this.grammars[index + 1];
      if (reading.syntaxError) {
        count(
          `reads differently on Athena and ${grammar.engineName}: ${grammar.engineName} cannot read it (${reading.syntaxError.message})`,
          original(reading.syntaxError),
        );
      }
    }
    if (problems > 0) {
      return { text, references: [] };
    }
    if (readings.some(r => r.statements !== 1)) {
      count(
        `exactly one statement may run, and this SQL has ${Math.max(
          ...readings.map(r => r.statements),
        )}`,
      );
      return { text, references: [] };
    }
    for (const reading of readings) {
      for (const finding of reading.refused) {
        count(finding.message, original(finding));
      }
    }
    for (const [index, reading] of others.entries()) {
      const grammar = this.grammars[index + 1];
      const same = sameTables(trino.tables, reading.tables);
      if (same !== true) {
        count(
          `reads differently on Athena and ${grammar.engineName}: the two find different tables here; write it so that both read the same`,
          Number.isFinite(same) ? rebuilt.originalOffset(same) : undefined,
        );
      }
    }
    this.checkCalls(readings, finding =>
      count(finding.message, original(finding)),
    );

    const references: TableReference[] = [];
    for (const table of trino.tables) {
      const identity = lakeIdentity(table);
      const offset = rebuilt.originalOffset(table.from);
      if (!identity) {
        count(
          `${nameOf(
            table,
          )} is not a Security Lake table; ad-hoc SQL reads only the Security Lake tables listed beside the editor`,
          offset,
        );
      } else if (region && identity.region !== region) {
        count(
          `${nameOf(table)} is a table of ${
            identity.region
          }; this run reads ${region}`,
          offset,
        );
      } else {
        references.push({
          ...identity,
          from: table.from,
          to: table.to,
          aliased: table.aliased,
        });
      }
    }
    references.sort((a, b) => a.from - b.from);
    return { text, references };
  }

  /** Qualified and engine-reading functions, and placeholders, as each grammar sees them. */
  private checkCalls(
    readings: SqlReading[],
    problem: (finding: SqlFinding) => void,
  ) {
    const seen = new Set<string>();
    const once = (finding: SqlFinding) => {
      const key = `${finding.offset}:${finding.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problem(finding);
      }
    };
    for (const reading of readings) {
      for (const fn of reading.functions) {
        const name = fn.name.toLowerCase();
        if (fn.qualifier) {
          once({
            message: `${fn.qualifier}.${name}: functions are called by their name alone`,
            offset: fn.offset,
          });
        } else if (ENGINE_FUNCTIONS.has(name)) {
          once({
            message: `${name}() is not allowed: it reads the engine, not data`,
            offset: fn.offset,
          });
        }
      }
      if (reading.parameters > 0) {
        once({
          message:
            'placeholders (?, $1, $name) are not allowed; write the value in the SQL',
        });
      }
    }
  }

  /**
   * Every grammar reads the rewritten statement as one statement whose every table is a lake table read
   * as the FROM of a SELECT whose WHERE is exactly the bounds of its version, as many as were named, and
   * whose only placeholders are the bounds' values.
   */
  private async verify(
    rewritten: string,
    references: TableReference[],
    valueCount: number,
    bounds: [SecurityLakeSourceVersion, { sql: string }][],
  ) {
    const failed = () =>
      new InputError(
        'sql: the statement could not be confined to the run window and accounts; simplify how it names its tables',
      );
    const readings = await Promise.all(
      this.grammars.map(g =>
        g.read(rewritten, { bounds: bounds.map(([, b]) => b.sql) }),
      ),
    );
    for (const reading of readings) {
      if (
        reading.syntaxError ||
        reading.statements !== 1 ||
        reading.refused.length > 0 ||
        reading.parameters !== valueCount ||
        reading.tables.length !== references.length
      ) {
        throw failed();
      }
      for (const table of reading.tables) {
        const identity = lakeIdentity(table);
        if (
          !identity ||
          table.bound === undefined ||
          bounds[table.bound][0] !== identity.version
        ) {
          throw failed();
        }
      }
    }
    for (const reading of readings.slice(1)) {
      if (sameTables(readings[0].tables, reading.tables) !== true) {
        throw failed();
      }
    }
  }
}

/** `line 2, column 6: syntax error at or near "FORM"` */
export function describe(problem: SqlProblem): string {
  return problem.line
    ? `line ${problem.line}, column ${problem.column}: ${problem.message}`
    : problem.message;
}
