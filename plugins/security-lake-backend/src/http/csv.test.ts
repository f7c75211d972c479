import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import {
  csvRecords,
  formulaSafeResultCsv,
  formulaSafeStringifier,
  neutraliseFormula,
} from './csv';

/** The records `csvRecords` reads from the chunks. */
async function records(chunks: (string | Buffer)[]) {
  const out: (string | null)[][] = [];
  await pipeline(
    Readable.from(
      chunks.map(c => (typeof c === 'string' ? Buffer.from(c) : c)),
    ),
    csvRecords(),
    async function* collect(source) {
      for await (const record of source) out.push(record);
    },
  );
  return out;
}

/** Every way of cutting the text in two, byte by byte: a reader that keeps no state across chunks fails one. */
function cuts(input: string): Buffer[][] {
  const bytes = Buffer.from(input);
  return Array.from({ length: bytes.length + 1 }, (_, i) => [
    bytes.subarray(0, i),
    bytes.subarray(i),
  ]);
}

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")'],
    ['+1'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\tTabbed'],
    ['\rReturn'],
    ['＝1+1'],
  ])('puts a quote before %j', cell => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it.each([['plain'], [''], ['a=b'], [' =1'], ["'already"], ['5']])(
    'leaves %j as it is',
    cell => {
      expect(neutraliseFormula(cell)).toBe(cell);
    },
  );
});

describe('formulaSafeStringifier', () => {
  it('writes every cell through the rule, numbers and the header included', async () => {
    const csv = await text(
      Readable.from([
        { name: '=1+1', n: -5, m: 7 },
        { name: '@SUM(A1)', n: 0, m: 2.5 },
      ]).pipe(
        formulaSafeStringifier({
          header: true,
          columns: [
            { key: 'name', header: '=header' },
            { key: 'n', header: 'n' },
            { key: 'm', header: 'm' },
          ],
        }),
      ),
    );
    // -5 is a number, and still prefixed: the rule looks at the first character only
    expect(csv).toBe("'=header,n,m\n'=1+1,'-5,7\n'@SUM(A1),0,2.5\n");
  });
});

describe('csvRecords', () => {
  const ATHENA = [
    '"name","note","n"',
    '"O""Brien","two, words","1"',
    '"line\nbreak","",',
    '"\rcarriage","crlf\r\ninside","3"',
    '',
  ].join('\n');
  const EXPECTED = [
    ['name', 'note', 'n'],
    ['O"Brien', 'two, words', '1'],
    // a quoted empty field is '', an unquoted one NULL
    ['line\nbreak', '', null],
    ['\rcarriage', 'crlf\r\ninside', '3'],
  ];

  it('reads quoted fields with quotes, delimiters and line breaks inside, NULL apart from empty', async () => {
    expect(await records([ATHENA])).toEqual(EXPECTED);
  });

  it('reads the same records however the bytes are cut into chunks', async () => {
    for (const chunks of cuts(ATHENA)) {
      expect(await records(chunks)).toEqual(EXPECTED);
    }
    // a character of several bytes cut in the middle
    for (const chunks of cuts('"né","€"\n')) {
      expect(await records(chunks)).toEqual([['né', '€']]);
    }
  });

  it('takes CRLF line ends, unquoted fields, a last line without a break, and NULL rows', async () => {
    for (const chunks of cuts('a,b\r\n1,\r\n\r\nx,"y"')) {
      expect(await records(chunks)).toEqual([
        ['a', 'b'],
        ['1', null],
        // a one-column result's NULL row
        [null],
        ['x', 'y'],
      ]);
    }
  });

  it('hands out each record as it is read, before the rest has arrived', async () => {
    const reader = csvRecords();
    const first = new Promise(resolve => reader.once('data', resolve));
    reader.write('"a","b"\n"c",');
    expect(await first).toEqual(['a', 'b']);
    reader.end('"d"\n');
  });

  it.each([
    ['"a"b\n', 'CSV_INVALID_CLOSING_QUOTE'],
    ['a\nb"c"\n', 'INVALID_OPENING_QUOTE'],
    ['"a\n', 'CSV_QUOTE_NOT_CLOSED'],
  ])('refuses %j, which is no CSV an engine writes', async (input, code) => {
    await expect(records([input])).rejects.toMatchObject({ code });
  });
});

describe('formulaSafeResultCsv', () => {
  const through = async (chunks: (string | Buffer)[]) => {
    const parts: string[] = [];
    await pipeline(
      Readable.from(
        chunks.map(c => (typeof c === 'string' ? Buffer.from(c) : c)),
      ),
      ...formulaSafeResultCsv(),
      async function* collect(source) {
        for await (const part of source) parts.push(String(part));
      },
    );
    return parts.join('');
  };

  it("writes an engine's CSV back byte for byte when no cell is a formula", async () => {
    const csv =
      '"time","who","n"\n"2026-11-20 01:00:00","O""Brien, A.","5"\n"x","",\n';
    for (const chunks of cuts(csv)) {
      expect(await through(chunks)).toBe(csv);
    }
  });

  it('neutralises every cell that starts a formula, a negative number too', async () => {
    expect(
      await through([
        '"=cmd","+1","-2+3","@SUM(A1:A2)","\ttab","\rcr","-5","5","a-b"\n',
      ]),
    ).toBe(
      `"'=cmd","'+1","'-2+3","'@SUM(A1:A2)","'\ttab","'\rcr","'-5","5","a-b"\n`,
    );
  });
});
