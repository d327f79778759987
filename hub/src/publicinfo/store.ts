import type { Db } from '../db/open.js';

export interface ContactRow {
  id: string;
  name: string;
  title: string;
  phone: string;
  position: number;
  created_at: number;
  updated_at: number;
}

export class ContactStore {
  constructor(private readonly db: Db) {}

  list(): ContactRow[] {
    return this.db.prepare('SELECT * FROM public_contacts ORDER BY position, created_at, id').all() as ContactRow[];
  }

  get(id: string): ContactRow | undefined {
    return this.db.prepare('SELECT * FROM public_contacts WHERE id = ?').get(id) as ContactRow | undefined;
  }

  nextPosition(): number {
    const r = this.db.prepare('SELECT MAX(position) AS p FROM public_contacts').get() as { p: number | null };
    return Math.min(999, (r.p ?? -1) + 1);
  }

  insert(row: ContactRow): void {
    this.db
      .prepare('INSERT INTO public_contacts (id, name, title, phone, position, created_at, updated_at) VALUES (@id, @name, @title, @phone, @position, @created_at, @updated_at)')
      .run(row);
  }

  update(row: Omit<ContactRow, 'created_at'>): boolean {
    return this.db.prepare('UPDATE public_contacts SET name = @name, title = @title, phone = @phone, position = @position, updated_at = @updated_at WHERE id = @id').run(row).changes > 0;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM public_contacts WHERE id = ?').run(id).changes > 0;
  }
}
