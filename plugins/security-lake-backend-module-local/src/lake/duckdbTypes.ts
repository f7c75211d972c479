const PRIMITIVES: Record<string, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  boolean: 'BOOLEAN',
  double: 'DOUBLE',
  float: 'FLOAT',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  binary: 'BLOB',
};

class HiveTypeParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseType(): string {
    const name = this.readIdentifier().toLowerCase();
    if (name === 'struct') {
      this.expect('<');
      const fields: string[] = [];
      do {
        const field = this.readIdentifier();
        this.expect(':');
        fields.push(`"${field}" ${this.parseType()}`);
      } while (this.accept(','));
      this.expect('>');
      return `STRUCT(${fields.join(', ')})`;
    }
    if (name === 'array') {
      this.expect('<');
      const element = this.parseType();
      this.expect('>');
      return `${element}[]`;
    }
    if (name === 'map') {
      this.expect('<');
      const key = this.parseType();
      this.expect(',');
      const value = this.parseType();
      this.expect('>');
      return `MAP(${key}, ${value})`;
    }
    if (name === 'decimal') {
      this.expect('(');
      const precision = this.readIdentifier();
      this.expect(',');
      const scale = this.readIdentifier();
      this.expect(')');
      return `DECIMAL(${precision},${scale})`;
    }
    const primitive = PRIMITIVES[name];
    if (!primitive) {
      throw new Error(`Unsupported Hive type '${name}' in '${this.text}'`);
    }
    return primitive;
  }

  expectEnd() {
    if (this.pos !== this.text.length) {
      throw new Error(
        `Unexpected '${this.text.slice(this.pos)}' in '${this.text}'`,
      );
    }
  }

  private readIdentifier(): string {
    const match = /^[A-Za-z0-9_]+/.exec(this.text.slice(this.pos));
    if (!match) {
      throw new Error(`Expected a name at ${this.pos} in '${this.text}'`);
    }
    this.pos += match[0].length;
    return match[0];
  }

  private accept(ch: string): boolean {
    if (this.text[this.pos] === ch) {
      this.pos += 1;
      return true;
    }
    return false;
  }

  private expect(ch: string) {
    if (!this.accept(ch)) {
      throw new Error(`Expected '${ch}' at ${this.pos} in '${this.text}'`);
    }
  }
}

/**
 * Turns a Glue/Hive column type (`struct<a:string,b:array<int>>`) into the DuckDB type that reads and writes
 * the same parquet (`STRUCT("a" VARCHAR, "b" INTEGER[])`).
 *
 * @internal
 */
export function hiveToDuckDbType(hiveType: string): string {
  const parser = new HiveTypeParser(hiveType);
  const type = parser.parseType();
  parser.expectEnd();
  return type;
}
