import { randomBytes } from 'node:crypto';
import {
  checkScale,
  defaultDeviceLabel,
  defaultScale,
  isButtonCount,
  localDay,
  pairRequest,
  updateDeviceRequest,
  type BoxStatus,
  type Clock,
  type DeviceConfig,
  type DevicePresence,
  type PairResponse,
  type Score,
} from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { CounterService } from '../counters/service.js';
import { ServiceError } from '../http/errors.js';
import type { EventBus } from '../events.js';
import { DeviceStore, type DeviceRow } from './store.js';
import { hashSecret, newPairingCode, newToken } from './tokens.js';
import { parseOr } from '../http/parse.js';
import type { DeviceLink } from '../ratings/arrival.js';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

export interface Device {
  id: string;
  counterId: string;
  kind: 'agent' | 'kiosk';
  label: string | null;
  scale: { buttons: 2 | 3 | 4 | 5; map: Score[] };
  minIntervalS: number;
  revoked: boolean;
  lastSeenAt: number | null;
  box: BoxStatus | null;
}

function toDevice(r: DeviceRow): Device {
  return {
    id: r.id,
    counterId: r.counter_id,
    kind: r.kind,
    label: r.label,
    scale: { buttons: r.buttons as 2 | 3 | 4 | 5, map: JSON.parse(r.button_map) as Score[] },
    minIntervalS: r.min_interval_s,
    revoked: r.revoked_at !== null,
    lastSeenAt: r.last_seen_at,
    box: r.box_state ? (JSON.parse(r.box_state) as BoxStatus) : null,
  };
}

/**
 * Pairing, device tokens, scales and presence. Presence (online/offline) is held in memory by the socket layer's
 * connection count; last-seen and the box state are written through so they survive a restart.
 */
export class DeviceService {
  private readonly store: DeviceStore;
  /** the counters' service (read-only here): a device belongs to one */
  private readonly counters: Pick<CounterService, 'get'>;
  private readonly connections = new Map<string, number>();
  private readonly seenDay = new Map<string, string>();
  private readonly lastSeen = new Map<string, number>();
  private readonly persistedAt = new Map<string, number>();

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly log?: Logger,
  ) {
    this.store = new DeviceStore(db);
    this.counters = new CounterService(db, clock);
  }

  /** A one-time code to pair a device to this counter; valid 10 minutes. */
  createPairingCode(counterId: string): { code: string; expiresAt: number } {
    if (!this.counters.get(counterId)) throw new ServiceError('counter-not-found', counterId);
    const code = newPairingCode();
    const now = this.clock.now();
    this.store.insertCode({ code_hash: hashSecret(code), counter_id: counterId, created_at: now, expires_at: now + PAIRING_CODE_TTL_MS, used_at: null, device_id: null });
    return { code, expiresAt: now + PAIRING_CODE_TTL_MS };
  }

  pair(body: unknown): PairResponse {
    const { code, kind, label } = parseOr(pairRequest, body, null);
    const hash = hashSecret(code);
    const now = this.clock.now();
    const row = this.store.code(hash);
    if (!row) throw new ServiceError('bad-pairing-code');
    if (row.used_at !== null) throw new ServiceError('pairing-code-used');
    if (row.expires_at <= now) throw new ServiceError('pairing-code-expired');
    const counter = this.counters.get(row.counter_id);
    if (!counter) throw new ServiceError('counter-not-found');
    if (!isButtonCount(counter.buttons)) throw new ServiceError('internal-error', 'counter has a bad button count');
    const token = newToken();
    const id = 'd-' + randomBytes(6).toString('hex');
    const scale = defaultScale(counter.buttons);
    const device: DeviceRow = {
      id,
      counter_id: counter.id,
      kind,
      label: label ?? null,
      token_hash: hashSecret(token),
      buttons: scale.buttons,
      button_map: JSON.stringify(scale.map),
      min_interval_s: counter.minIntervalS,
      created_at: now,
      revoked_at: null,
      last_seen_at: null,
      box_state: null,
    };
    this.store.transaction(() => {
      if (!this.store.useCode(hash, now, id)) throw new ServiceError('pairing-code-used');
      // a name a person can tell apart at once ("Máy tính bảng quầy 1"), editable in /admin; read in the transaction so two pairings number apart
      if (device.label === null) {
        const taken = this.store.list().filter((d) => d.counter_id === counter.id && d.revoked_at === null && d.label !== null).map((d) => d.label!);
        device.label = defaultDeviceLabel(kind, counter.name, taken);
      }
      this.store.insert(device);
    });
    return { ...this.configOf(toDevice(device), counter.name), token };
  }

  /** The device a token belongs to, or the reason it is refused. */
  authenticate(token: unknown): Device {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) throw new ServiceError('unauthorized');
    const row = this.store.byTokenHash(hashSecret(token));
    if (!row) throw new ServiceError('unauthorized');
    if (row.revoked_at !== null) throw new ServiceError('token-revoked');
    return toDevice(row);
  }

  get(id: string): Device | undefined {
    const r = this.store.get(id);
    return r && toDevice(r);
  }

  list(): Device[] {
    return this.store.list().map(toDevice);
  }

  config(deviceId: string): DeviceConfig {
    const d = this.get(deviceId);
    if (!d) throw new ServiceError('device-not-found');
    const c = this.counters.get(d.counterId);
    return this.configOf(d, c?.name ?? d.counterId);
  }

  private configOf(d: Device, counterName: string): DeviceConfig {
    return { deviceId: d.id, kind: d.kind, counter: { id: d.counterId, name: counterName }, scale: d.scale, minIntervalS: d.minIntervalS };
  }

  revoke(deviceId: string): void {
    if (!this.store.get(deviceId)) throw new ServiceError('device-not-found');
    this.store.revoke(deviceId, this.clock.now());
    this.bus.emit('device:revoked', { deviceId });
    this.emitPresence(deviceId);
  }

  update(deviceId: string, body: unknown): Device {
    const parsed = parseOr(updateDeviceRequest, body);
    const d = this.store.get(deviceId);
    if (!d) throw new ServiceError('device-not-found');
    const { label, scale, minIntervalS } = parsed;
    if (scale) {
      const err = checkScale(scale);
      if (err) throw new ServiceError('invalid-payload', err);
    }
    this.store.update(deviceId, {
      ...(label !== undefined ? { label } : {}),
      ...(scale ? { buttons: scale.buttons, button_map: JSON.stringify(scale.map) } : {}),
      ...(minIntervalS !== undefined ? { min_interval_s: minIntervalS } : {}),
    });
    this.bus.emit('device:config-changed', { deviceId });
    return this.get(deviceId)!;
  }

  // ---- presence ----

  connected(deviceId: string): void {
    this.connections.set(deviceId, (this.connections.get(deviceId) ?? 0) + 1);
    this.seen(deviceId, true);
  }

  disconnected(deviceId: string): void {
    const n = (this.connections.get(deviceId) ?? 1) - 1;
    if (n <= 0) this.connections.delete(deviceId);
    else this.connections.set(deviceId, n);
    this.seen(deviceId, true);
  }

  /**
   * The hub's side of a connection that is opening (called before `connected`): since when the device was out of
   * reach, for telling its outbox backlog from live ratings (ratings/arrival.ts). The last time the hub heard from it,
   * or its pairing if never; the connection's own start while another connection of the same device is open.
   */
  linkOpening(deviceId: string): DeviceLink {
    const now = this.clock.now();
    const r = this.store.get(deviceId);
    if (!r || this.isOnline(deviceId)) return { offlineSince: now, connectedAt: now };
    return { offlineSince: Math.min(now, Math.max(r.created_at, r.last_seen_at ?? 0, this.lastSeen.get(deviceId) ?? 0)), connectedAt: now };
  }

  isOnline(deviceId: string): boolean {
    return (this.connections.get(deviceId) ?? 0) > 0;
  }

  /**
   * Records activity. Last-seen is kept in memory at every call and written through at most once a minute per
   * device (and at connect, disconnect and the first activity of a day), so a stream of ratings does not add a
   * synced write per rating.
   */
  seen(deviceId: string, announce = false): void {
    const now = this.clock.now();
    const day = localDay(now);
    this.lastSeen.set(deviceId, now);
    const persisted = this.persistedAt.get(deviceId) ?? -Infinity;
    if (announce || this.seenDay.get(deviceId) !== day || now - persisted >= 60_000) {
      this.toTouch.set(deviceId, { at: now, day });
      if (!this.touchScheduled) {
        this.touchScheduled = true;
        setImmediate(() => this.writeSeen());
      }
      this.seenDay.set(deviceId, day);
      this.persistedAt.set(deviceId, now);
    }
    if (announce) this.emitPresence(deviceId);
  }

  /** last-seen writes waiting for the end of this turn of the event loop */
  private readonly toTouch = new Map<string, { at: number; day: string }>();
  private touchScheduled = false;

  /**
   * Writes the last-seen times gathered in one turn of the event loop in one transaction: one synced commit for all
   * the devices that connected or rated meanwhile, instead of two per device (a hub restart reconnects every agent
   * at once, and each device's first rating of a day touches it). Presence itself is in memory and is not delayed.
   * Also called at shutdown, before the database closes. A failed write loses only these times, and is logged;
   * a device still in use is written again at its next connection, its next day, or a minute later.
   */
  writeSeen(): void {
    this.touchScheduled = false;
    if (this.toTouch.size === 0) return;
    const batch = [...this.toTouch];
    this.toTouch.clear();
    try {
      this.store.transaction(() => {
        for (const [id, { at, day }] of batch) this.store.touch(id, at, day);
      });
    } catch (err) {
      this.log?.error({ err, devices: batch.length }, 'writing devices last seen failed');
    }
  }

  reportBox(deviceId: string, status: BoxStatus): void {
    this.store.saveBoxState(deviceId, JSON.stringify(status));
    this.seen(deviceId, true);
  }

  presence(d: Device): DevicePresence {
    return {
      deviceId: d.id,
      counterId: d.counterId,
      kind: d.kind,
      label: d.label,
      online: !d.revoked && this.isOnline(d.id),
      lastSeenAt: Math.max(d.lastSeenAt ?? 0, this.lastSeen.get(d.id) ?? 0) || null,
      revoked: d.revoked,
      box: d.box,
    };
  }

  private emitPresence(deviceId: string): void {
    const d = this.get(deviceId);
    if (d) this.bus.emit('device:presence', this.presence(d));
  }
}
