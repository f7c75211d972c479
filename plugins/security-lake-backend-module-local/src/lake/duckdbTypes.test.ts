import { hiveToDuckDbType } from './duckdbTypes';
import { V2_TABLE_COLUMNS } from './schemas';

describe('hiveToDuckDbType', () => {
  it('maps nested structs, arrays, maps and decimals', () => {
    expect(
      hiveToDuckDbType(
        'array<struct<desc:string,cvss:array<struct<base_score:decimal(3,1)>>,m:map<string,string>>>',
      ),
    ).toBe(
      'STRUCT("desc" VARCHAR, "cvss" STRUCT("base_score" DECIMAL(3,1))[], "m" MAP(VARCHAR, VARCHAR))[]',
    );
    expect(hiveToDuckDbType('timestamp')).toBe('TIMESTAMP');
  });

  it('rejects types it does not know rather than guessing', () => {
    expect(() => hiveToDuckDbType('uniontype<int>')).toThrow(/Unsupported/);
    expect(() => hiveToDuckDbType('struct<a:string')).toThrow(/Expected/);
  });

  it('converts every column of the v2 tables', () => {
    for (const columns of Object.values(V2_TABLE_COLUMNS)) {
      for (const [, type] of columns!) {
        expect(hiveToDuckDbType(type)).toMatch(/^[A-Z]/);
      }
    }
  });
});
