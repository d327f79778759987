/**
 * A numbered step of the commune database's schema, applied in order at start inside a transaction with the version
 * bump, so a crash half-way leaves the previous version intact. Never edit a released migration; add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
