import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  isAwsRegion,
  isSecurityLakeSourceName,
  securityLakeCustomTableName,
  securityLakeDatabaseName,
  securityLakeTableName,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDbQueryEngineOptions } from './DuckDbQueryEngine';
import { registerTrinoMacros } from './trinoDialect';

/**
 * Opening the embedded engine: the lake folder's parquet as views named as Glue names the tables, then the
 * walls (allowed directories, no external access, locked configuration), and a second instance that alone
 * writes the results folder.
 */

/**
 * A table to expose beyond those found in the lake folder, e.g. AWS's sample files in another layout.
 *
 * @public
 */
export interface DuckDbTable {
  database: string;
  table: string;
  /** Folder holding the files; the engine may read below it and nowhere else outside the lake. */
  dir: string;
  /** Glob below `dir`, e.g. `*\/*.parquet`. */
  glob: string;
  version: SecurityLakeSourceVersion;
  /** Read `accountId=`/`eventDay=` folders as columns; default true. */
  hivePartitioning?: boolean;
}

/** The two DuckDB instances of an open engine, and the tables the first exposes. */
export interface OpenEngine {
  query: DuckDBInstance;
  results: DuckDBInstance;
  tables: string[];
}

function list(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

export function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Folder paths as DuckDB's `allowed_directories` wants them: absolute, with a trailing separator. */
function directoryList(dirs: string[]): string {
  return `[${dirs
    .map(d => quote(`${path.resolve(d)}${path.sep}`))
    .join(', ')}]`;
}

export async function openLocalLake(
  options: DuckDbQueryEngineOptions,
): Promise<OpenEngine> {
  const { lakeDir, resultsDir } = options;
  fs.mkdirSync(resultsDir, { recursive: true });
  const extraTables = options.extraTables ?? [];

  const query = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 2),
    memory_limit: options.memoryLimit ?? '1GB',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const setup = await query.connect();
  let tables: string[];
  try {
    await setup.run(`SET GLOBAL TimeZone = 'UTC'`);
    await registerTrinoMacros(setup);
    tables = await registerLakeTables(setup, lakeDir);
    for (const table of extraTables) {
      tables.push(await registerTable(setup, table));
    }
    // the walls go up once the views exist; from here nothing can take them down
    await setup.run(
      `SET allowed_directories = ${directoryList([
        lakeDir,
        ...extraTables.map(t => t.dir),
      ])}`,
    );
    await setup.run(`SET enable_external_access = false`);
    await setup.run(`SET lock_configuration = true`);
  } finally {
    setup.closeSync();
  }

  const results = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: options.memoryLimit ?? '1GB',
    temp_directory: path.join(resultsDir, '.spill'),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const walls = await results.connect();
  try {
    // global settings: every later connection to this instance is inside the same walls
    await walls.run(
      `SET GLOBAL allowed_directories = ${directoryList([resultsDir])}`,
    );
    await walls.run(`SET GLOBAL enable_external_access = false`);
    await walls.run(`SET GLOBAL lock_configuration = true`);
  } finally {
    walls.closeSync();
  }
  return { query, results, tables };
}

/**
 * A view per (region, source, version) found in the lake folder, and per (region, custom source) below
 * `ext/`, named as Glue names them.
 */
async function registerLakeTables(
  connection: DuckDBConnection,
  lakeDir: string,
): Promise<string[]> {
  const tables: string[] = [];
  const extDir = path.join(lakeDir, 'ext');
  for (const source of list(extDir)) {
    for (const version of list(path.join(extDir, source))) {
      for (const regionDir of list(path.join(extDir, source, version))) {
        const region = regionDir.replace(/^region=/, '');
        if (!isAwsRegion(region)) continue;
        tables.push(
          await registerTable(connection, {
            database: securityLakeDatabaseName(region),
            table: securityLakeCustomTableName(region, source),
            dir: path.join(extDir, source, version, regionDir),
            glob: '*/*/*.parquet',
            version: '2.0',
          }),
        );
      }
    }
  }
  const awsDir = path.join(lakeDir, 'aws');
  if (!fs.existsSync(awsDir)) {
    return tables;
  }
  for (const source of fs.readdirSync(awsDir)) {
    if (!isSecurityLakeSourceName(source)) continue;
    for (const version of fs.readdirSync(path.join(awsDir, source))) {
      if (version !== '1.0' && version !== '2.0') continue;
      for (const regionDir of fs.readdirSync(
        path.join(awsDir, source, version),
      )) {
        const region = regionDir.replace(/^region=/, '');
        if (!isAwsRegion(region)) continue;
        tables.push(
          await registerTable(connection, {
            database: securityLakeDatabaseName(region),
            table: securityLakeTableName(region, source, version),
            dir: path.join(awsDir, source, version, regionDir),
            glob: '*/*/*.parquet',
            version,
          }),
        );
      }
    }
  }
  return tables;
}

/** Whether every file of a glob has the same columns, in the same order, of the same types. */
async function oneSchema(
  connection: DuckDBConnection,
  files: string,
): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(DISTINCT columns) FROM (
       SELECT file_name, string_agg(name || ' ' || coalesce(type, '') || ' ' || coalesce(CAST(num_children AS VARCHAR), ''), ', ' ORDER BY rowid) AS columns
       FROM (SELECT *, row_number() OVER () AS rowid FROM parquet_schema(${files}))
       GROUP BY file_name)`,
  );
  return Number(reader.getRows()[0][0]) === 1;
}

/**
 * Exposes parquet files as a view. Files under `accountId=`/`eventDay=` folders get those as columns, as the
 * Glue tables have them (`eventday` only in source version 1).
 */
async function registerTable(
  connection: DuckDBConnection,
  table: DuckDbTable,
): Promise<string> {
  const files = quote(path.join(table.dir, table.glob));
  const hive = table.hivePartitioning ?? true;
  const partitionColumns =
    table.version === '1.0'
      ? `* EXCLUDE ("accountId", "eventDay"), "accountId" AS accountid, "eventDay" AS eventday`
      : `* EXCLUDE ("accountId", "eventDay"), "accountId" AS accountid`;
  // Reading by column name copes with files whose columns differ (a source's schema grows over time), but
  // it binds every file's schema on every query: 0.4 s for a table of 1,200 files. Files that all share
  // one schema, as a generated lake's do, are read by position, with their schema bound once, here.
  const unionByName = !(await oneSchema(connection, files));
  const source = hive
    ? `read_parquet(${files}, hive_partitioning = true, union_by_name = ${unionByName},
         hive_types = {'region': VARCHAR, 'accountId': VARCHAR, 'eventDay': VARCHAR})`
    : `read_parquet(${files}, union_by_name = ${unionByName})`;
  const qualified = `${quoteIdentifier(table.database)}.${quoteIdentifier(
    table.table,
  )}`;
  await connection.run(
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(table.database)}`,
  );
  await connection.run(
    `CREATE OR REPLACE VIEW ${qualified} AS SELECT ${
      hive ? partitionColumns : '*'
    } FROM ${source}`,
  );
  return qualified;
}
