import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db/open.js';
import { CounterService } from '../counters/service.js';
import { EventBus } from '../events.js';
import { silentLogger } from '../log.js';
import { DeviceService } from './service.js';

/** Frames now in the WAL file (a passive checkpoint's answer; nothing is checkpointed while a frame count is read). */
const walFrames = (db: ReturnType<typeof openDb>) => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;

describe('devices: last seen is written once per turn of the event loop', () => {
  it('ten devices connecting in one turn cost one commit, and nothing is lost', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seen-'));
    const db = openDb(path.join(dir, 'hub.sqlite'));
    db.pragma('wal_autocheckpoint = 0'); // the WAL keeps every frame this test writes
    let now = Date.UTC(2026, 11, 2, 2, 0, 0); // 09:00 in Hà Nội
    const clock = { now: () => now };
    const counter = new CounterService(db, clock).create({ name: 'Quầy 1', buttons: 4 });
    const devices = new DeviceService(db, clock, new EventBus(silentLogger()), silentLogger());
    const ids = Array.from({ length: 10 }, () => devices.pair({ code: devices.createPairingCode(counter.id).code, kind: 'agent' }).deviceId);
    const lastSeen = () => db.prepare('SELECT id, last_seen_at FROM devices ORDER BY id').all() as { id: string; last_seen_at: number | null }[];
    const days = () => (db.prepare('SELECT COUNT(*) AS n FROM device_days').get() as { n: number }).n;

    const before = walFrames(db);
    now += 1000;
    for (const id of ids) devices.seen(id, true); // a hub restart: every agent reconnects at once
    // presence is in memory at once; the write waits for the end of the turn
    expect(devices.presence(devices.get(ids[0]!)!).lastSeenAt).toBe(now);
    expect(lastSeen().every((r) => r.last_seen_at === null)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(lastSeen().map((r) => r.last_seen_at)).toEqual(ids.map(() => now));
    expect(days()).toBe(10);
    // one commit: the devices' page and device_days' page (and the B-tree's parents), not two commits per device
    expect(walFrames(db) - before).toBeLessThanOrEqual(4);

    // written at shutdown without waiting for the turn
    now += 60_000;
    devices.seen(ids[3]!);
    devices.writeSeen();
    expect(lastSeen().find((r) => r.id === ids[3])!.last_seen_at).toBe(now);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
