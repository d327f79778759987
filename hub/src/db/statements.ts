import type Database from 'better-sqlite3';
import type { Db } from './open.js';

/**
 * Statements prepared once per connection and SQL text. better-sqlite3 keeps no cache of its own: `prepare()`
 * compiles the SQL at every call (tens of microseconds), which on a path taken per rating, per connection or per
 * burst was most of that path's cost (docs/performance.md, issue 15). SQLite re-prepares a cached statement by
 * itself when the schema changes.
 */
export function statementCache(db: Db): (sql: string) => Database.Statement<unknown[]> {
  const stmts = new Map<string, Database.Statement<unknown[]>>();
  return (sql) => {
    let s = stmts.get(sql);
    if (!s) stmts.set(sql, (s = db.prepare(sql)));
    return s;
  };
}
