import { randomBytes } from 'node:crypto';
import { createCounterRequest, updateCounterRequest, type CounterView, type CreateCounterRequest } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Clock } from '@onestop/shared';
import { CounterStore, type CounterRow } from './store.js';
import { ServiceError } from '../http/errors.js';
import { parseOr } from '../http/parse.js';

export type Counter = CounterView;

const toCounter = (r: CounterRow): Counter => ({
  id: r.id,
  name: r.name,
  buttons: r.buttons as CounterView['buttons'],
  minIntervalS: r.min_interval_s,
  createdAt: r.created_at,
});

/** Short, readable ids: a counter id is typed on a command line by the person setting up the office. */
export function newCounterId(): string {
  return 'q-' + randomBytes(4).toString('hex');
}

export class CounterService {
  private readonly store: CounterStore;
  constructor(db: Db, private readonly clock: Clock) {
    this.store = new CounterStore(db);
  }

  create(input: CreateCounterRequest): Counter {
    const { name, buttons, minIntervalS } = parseOr(createCounterRequest, input);
    if (this.store.byName(name)) throw new ServiceError('duplicate-name', `a counter named "${name}" exists`);
    const row: CounterRow = { id: newCounterId(), name, buttons, min_interval_s: minIntervalS, created_at: this.clock.now() };
    this.store.insert(row);
    return toCounter(row);
  }

  update(id: string, body: unknown): Counter {
    const parsed = parseOr(updateCounterRequest, body, 'body');
    if (!this.store.get(id)) throw new ServiceError('counter-not-found', id);
    const { name, buttons, minIntervalS } = parsed;
    if (name !== undefined) {
      const other = this.store.byName(name);
      if (other && other.id !== id) throw new ServiceError('duplicate-name', `a counter named "${name}" exists`);
    }
    this.store.update(id, {
      ...(name !== undefined ? { name } : {}),
      ...(buttons !== undefined ? { buttons } : {}),
      ...(minIntervalS !== undefined ? { min_interval_s: minIntervalS } : {}),
    });
    return this.get(id)!;
  }

  get(id: string): Counter | undefined {
    const r = this.store.get(id);
    return r && toCounter(r);
  }

  list(): Counter[] {
    return this.store.list().map(toCounter);
  }
}
