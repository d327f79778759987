import Database from 'better-sqlite3';
import { MIGRATIONS } from '../db/migrations.js';
import { migrate } from '../db/open.js';

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

const norm = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();

function objects(db: Database.Database): Map<string, SchemaObject> {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as SchemaObject[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r]));
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
    const have = objects(actual);
    const out: string[] = [];
    for (const [key, o] of have) {
      const w = want.get(key);
      if (!w) out.push(`unexpected ${key}`);
      else if (norm(w.sql) !== norm(o.sql)) out.push(`${key} differs from version ${version}'s`);
    }
    for (const key of want.keys()) if (!have.has(key)) out.push(`missing ${key}`);
    return out;
  } finally {
    expected.close();
    actual.close();
  }
}
