import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate } from '../db/open.js';

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const norm = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();

/**
 * SQLite's own objects, which it makes and names itself: the AUTOINCREMENT counter table, ANALYZE's statistics
 * tables, and the indexes behind UNIQUE / PRIMARY KEY constraints (those have no SQL of their own). Matched exactly
 * (case-sensitive, no LIKE wildcards): anything else named "sqlite…" can only have been written into the schema by
 * hand (`PRAGMA writable_schema`), and SQLite still loads and runs it, so it is compared like any other object.
 */
const SQLITE_TABLES = new Set(['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4']);
function sqlitesOwn(o: SchemaObject): boolean {
  if (o.type === 'table' && SQLITE_TABLES.has(o.name)) return true;
  return o.type === 'index' && o.sql === null && o.name.startsWith(`sqlite_autoindex_${o.tbl_name}_`);
}

function objects(db: Database.Database, duplicates: string[] = []): Map<string, SchemaObject> {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as SchemaObject[];
  const out = new Map<string, SchemaObject>();
  for (const r of rows) {
    if (sqlitesOwn(r)) continue;
    const key = `${r.type} ${r.name}`;
    if (out.has(key)) duplicates.push(`duplicate ${key}`); // a hand-written schema row: one of them would hide
    out.set(key, r);
  }
  return out;
}

/**
 * What differs between a database file's schema and the schema a hub database of its version must have (built here
 * by running the migrations up to that version on an empty database): every table, index, trigger and view, added,
 * missing or changed. Empty when they are the same. A backup that carries an extra trigger or view (one that makes
 * a staff account admin, say) is not a hub backup, however intact the file (docs/decisions/0043).
 */
export function schemaDifferences(file: string, version: number): string[] {
  const expected = new Database(':memory:');
  const actual = new Database(file, { readonly: true, fileMustExist: true });
  try {
    migrate(expected, MIGRATIONS.filter((m) => m.version <= version));
    const want = objects(expected);
    const out: string[] = [];
    const have = objects(actual, out);
    for (const [key, o] of have) {
      const w = want.get(key);
      if (!w) out.push(`unexpected ${key}`);
      else if (norm(w.sql) !== norm(o.sql) || w.tbl_name !== o.tbl_name) out.push(`${key} differs from version ${version}'s`);
    }
    for (const key of want.keys()) if (!have.has(key)) out.push(`missing ${key}`);
    return out;
  } finally {
    expected.close();
    actual.close();
  }
}
