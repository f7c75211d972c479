import { ResponseError } from '@backstage/errors';
import { Text } from '@codemirror/state';
import { queryTables } from '../../__testUtils__/fixtures';
import {
  completionSchema,
  problemRange,
  problemText,
  runErrorProblem,
  tableRef,
  toDiagnostics,
} from './sqlProblems';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('sqlProblems', () => {
  it('says where a problem is as far as the parser knows', () => {
    expect(
      problemText({
        message: 'syntax error at or near "FORM"',
        line: 2,
        column: 6,
      }),
    ).toBe('Line 2, column 6: syntax error at or near "FORM"');
    expect(problemText({ message: 'unterminated string', line: 3 })).toBe(
      'Line 3: unterminated string',
    );
    expect(problemText({ message: 'Only one statement' })).toBe(
      'Only one statement',
    );
  });

  it("reads the place out of a refused run's SQL message, and leaves other refusals alone", async () => {
    expect(
      runErrorProblem(
        await responseError(
          400,
          'sql: line 2, column 6: syntax error at or near "FORM"',
        ),
      ),
    ).toEqual({
      message: 'syntax error at or near "FORM"',
      line: 2,
      column: 6,
    });
    expect(
      runErrorProblem(
        await responseError(400, 'sql: table functions are refused: read_csv'),
      ),
    ).toEqual({ message: 'table functions are refused: read_csv' });
    expect(
      runErrorProblem(await responseError(400, 'accountIds: at most 50')),
    ).toBeUndefined();
    expect(
      runErrorProblem(await responseError(403, 'sql: you may not')),
    ).toBeUndefined();
    expect(runErrorProblem(new Error('sql: offline'))).toBeUndefined();
  });

  it('marks the word at the line and column, kept within the text', () => {
    const doc = Text.of(['SELECT *', 'FORM t', '']);
    // "FORM" on line 2
    expect(problemRange(doc, { message: 'x', line: 2, column: 1 })).toEqual({
      from: 9,
      to: 13,
    });
    // past the end of the line: its end
    expect(problemRange(doc, { message: 'x', line: 2, column: 40 })).toEqual({
      from: 15,
      to: 15,
    });
    // a line past the end: the last line
    expect(problemRange(doc, { message: 'x', line: 9, column: 1 })).toEqual({
      from: 16,
      to: 16,
    });
    // on a space: one character
    expect(problemRange(doc, { message: 'x', line: 1, column: 7 })).toEqual({
      from: 6,
      to: 7,
    });
    expect(problemRange(doc, { message: 'x' })).toBeUndefined();
    expect(
      toDiagnostics(doc, [
        { message: 'syntax error', line: 2, column: 1 },
        { message: 'no place' },
      ]),
    ).toEqual([
      {
        from: 9,
        to: 13,
        severity: 'error',
        source: 'Security Lake',
        message: 'syntax error',
      },
    ]);
  });

  it('quotes table references and offers columns with their types for completion', () => {
    const [cloudTrail] = queryTables.items;
    expect(tableRef(cloudTrail)).toBe(
      '"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"',
    );
    expect(tableRef({ ...cloudTrail, database: 'we"ird', name: 't' })).toBe(
      '"we""ird"."t"',
    );
    const schema = completionSchema(queryTables.items) as Record<
      string,
      Record<string, { self: unknown; children: unknown }>
    >;
    expect(Object.keys(schema)).toEqual([
      'amazon_security_lake_glue_db_us_east_1',
    ]);
    const table =
      schema.amazon_security_lake_glue_db_us_east_1[cloudTrail.name];
    expect(table.self).toEqual({
      label: cloudTrail.name,
      type: 'type',
      detail: 'CloudTrail management events 2.0',
    });
    expect(table.children).toContainEqual({
      label: 'time_dt',
      type: 'property',
      detail: 'timestamp(3)',
    });
  });
});
