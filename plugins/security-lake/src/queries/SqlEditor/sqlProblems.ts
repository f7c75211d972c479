import { ResponseError } from '@backstage/errors';
import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import type { SQLNamespace } from '@codemirror/lang-sql';
import { QueryTable, SqlProblem } from '@internal/plugin-security-lake-common';
import { sourceTitle } from '../../components/sourceTitle';

/** `Line 2, column 6: syntax error at or near "FORM"`, or as much of the place as the parser knows. */
export function problemText(problem: SqlProblem): string {
  if (problem.line === undefined) return problem.message;
  const place =
    problem.column === undefined
      ? `Line ${problem.line}`
      : `Line ${problem.line}, column ${problem.column}`;
  return `${place}: ${problem.message}`;
}

const PLACED = /^line (\d+)(?:, column (\d+))?: ([\s\S]*)$/i;

/**
 * The problem a refused run reports about its SQL: a 400 whose message is `sql: …`, with `line N, column
 * M: …` when the parser knows where. Anything else is not about the SQL's text.
 */
export function runErrorProblem(error: unknown): SqlProblem | undefined {
  if (!(error instanceof ResponseError) || error.statusCode !== 400) {
    return undefined;
  }
  const message: string = error.body?.error?.message ?? '';
  if (!message.startsWith('sql: ')) return undefined;
  const rest = message.slice('sql: '.length);
  const placed = PLACED.exec(rest);
  if (!placed) return { message: rest };
  return {
    message: placed[3],
    line: Number(placed[1]),
    ...(placed[2] ? { column: Number(placed[2]) } : {}),
  };
}

/**
 * Where a problem sits in the document: from its line and column (counting from 1, kept within the text)
 * over the word that starts there. Problems without a line have no place.
 */
export function problemRange(
  doc: Text,
  problem: SqlProblem,
): { from: number; to: number } | undefined {
  if (problem.line === undefined) return undefined;
  const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
  const column = Math.max((problem.column ?? 1) - 1, 0);
  const from = Math.min(line.from + column, line.to);
  const word = /^[\w$]+/.exec(line.text.slice(from - line.from));
  const to = word ? from + word[0].length : Math.min(from + 1, line.to);
  return { from, to };
}

/** The problems with a place, as the editor's lint diagnostics. */
export function toDiagnostics(doc: Text, problems: SqlProblem[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const problem of problems) {
    const range = problemRange(doc, problem);
    if (range) {
      diagnostics.push({
        ...range,
        severity: 'error',
        source: 'Security Lake',
        message: problem.message,
      });
    }
  }
  return diagnostics;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"database"."table"`, the reference that reads the same on Athena and the local engine. */
export function tableRef(table: QueryTable): string {
  return `${quoteIdentifier(table.database)}.${quoteIdentifier(table.name)}`;
}

/** `CloudTrail management events 2.0`. */
export function tableTitle(table: QueryTable): string {
  return `${sourceTitle(table.source)} ${table.version}`;
}

/** What the editor completes: databases, their tables and each table's columns with their types. */
export function completionSchema(tables: QueryTable[]): SQLNamespace {
  const schema: Record<string, Record<string, SQLNamespace>> = {};
  for (const table of tables) {
    schema[table.database] ??= {};
    schema[table.database][table.name] = {
      self: { label: table.name, type: 'type', detail: tableTitle(table) },
      children: table.columns.map(c => ({
        label: c.name,
        type: 'property',
        detail: c.type,
      })),
    };
  }
  return schema;
}
