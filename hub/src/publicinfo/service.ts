import { contactInput, uuidv7, type Clock, type ContactView, type PublicInfoView } from '@onestop/shared';
import type { Db } from '../db/open.js';
import { ServiceError } from '../http/errors.js';
import { ContactStore, type ContactRow } from './store.js';
import { parseOr, reasonWhen } from '../http/parse.js';

const toView = (r: ContactRow): ContactView => ({ id: r.id, name: r.name, title: r.title, phone: r.phone, position: r.position });

const parse = (body: unknown) => parseOr(contactInput, body, 'body', reasonWhen('phone-invalid', 'phone'));

/** What the kiosk publishes besides the procedure list: the commune's name and its leaders' public phone numbers. */
export class PublicInfoService {
  private readonly store: ContactStore;

  constructor(
    db: Db,
    private readonly clock: Clock,
    /** a function when the admin can change it (hub/src/settings/) */
    private readonly communeName: string | (() => string),
  ) {
    this.store = new ContactStore(db);
  }

  info(): PublicInfoView {
    return { communeName: typeof this.communeName === 'function' ? this.communeName() : this.communeName, contacts: this.contacts() };
  }

  contacts(): ContactView[] {
    return this.store.list().map(toView);
  }

  create(body: unknown): ContactView {
    const input = parse(body);
    const now = this.clock.now();
    const row: ContactRow = { id: uuidv7(), ...input, position: input.position ?? this.store.nextPosition(), created_at: now, updated_at: now };
    this.store.insert(row);
    return toView(row);
  }

  replace(id: string, body: unknown): ContactView {
    const input = parse(body);
    const old = this.store.get(id);
    if (!old) throw new ServiceError('not-found', 'no such contact');
    const row = { ...old, ...input, position: input.position ?? old.position, updated_at: this.clock.now() };
    this.store.update(row);
    return toView(row);
  }

  remove(id: string): null {
    if (!this.store.delete(id)) throw new ServiceError('not-found', 'no such contact');
    return null;
  }
}
