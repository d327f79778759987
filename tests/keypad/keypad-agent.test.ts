import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { EV_KEY, KEY_CODES, KEY_DOWN, keyStroke } from '@onestop/shared';
import { pairAgent, pairCode, addCounter, startAgent, startHub, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';
import { counterWithKeypad } from '../helpers/keypad.js';
import { hubRows, outboxRows } from '../helpers/db.js';

/**
 * A USB keypad as the agent's input device: kernel input events written into a FIFO that the real counter-agent
 * process reads with `run --input`, and the presses arriving in the real hub's SQLite file.
 */
let hub: RunningHub;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub?.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

const KP = (n: number) => KEY_CODES[`KEY_KP${n}`]!;
const FOUR_KEYS = { keys: { KEY_KP1: 1, KEY_KP2: 2, KEY_KP3: 3, KEY_KP4: 4 }, minGapMs: 1000 };
const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);

const scoresOf = (counterId: string) => hubRows<{ score: number; button: number }>(hub.dataDir, 'SELECT score, button FROM ratings WHERE counter_id = ? ORDER BY rated_at, id', counterId);
const waitScores = (counterId: string, n: number) => waitFor(() => (scoresOf(counterId).length >= n ? scoresOf(counterId) : null), `${n} ratings at the hub`);

describe('a USB keypad read as a Linux input device', () => {
  it('each key going down is one press with its mapped score; key-up and auto-repeat are not presses', async () => {
    const { counterId, keypad, outbox } = await counterWithKeypad(hub, cleanups, { buttons: 4, keypad: FOUR_KEYS });
    // button 1 held long enough for the kernel to auto-repeat it six times
    await keypad.send([...keyStroke(KP(1), T0, { repeats: 6 }), ...keyStroke(KP(3), T0 + 2000), ...keyStroke(KP(4), T0 + 4000)]);
    const rows = await waitScores(counterId, 3);
    expect(rows.map((r) => [r.button, r.score])).toEqual([
      [1, 5],
      [3, 3],
      [4, 2],
    ]);
    expect(outboxRows(outbox, 'SELECT id FROM outbox')).toHaveLength(3);
  });

  it('stops cleanly on SIGTERM while its read waits for the next key', async () => {
    const { counterId, keypad, agent } = await counterWithKeypad(hub, cleanups, { buttons: 4, keypad: FOUR_KEYS });
    // the key is still held: the key-down is the last record written, so once its press is queued the agent's read
    // of the next record is already waiting in the kernel (it is issued before a signal can be handled)
    await keypad.send(keyStroke(KP(2), T0).filter((e) => e.type === EV_KEY && e.value === KEY_DOWN));
    await waitScores(counterId, 1);
    // the keypad stays plugged and the read stays blocked. The agent closes
    // everything, then ends by SIGTERM's default action (decision 0065), not by the SIGKILL that stop() sends 8 s on.
    await agent.stop();
    expect(agent.proc.signalCode, agent.output().slice(-1500)).toBe('SIGTERM');
    await expect.poll(() => agent.output(), { timeout: 15_000 }).toContain('stopped: outbox closed');
    expect(agent.output()).not.toMatch(/"level":50/);
    expect(scoresOf(counterId)).toHaveLength(1);
  });

  it('keys not in the map are ignored and logged with their reason', async () => {
    const { counterId, keypad, agent } = await counterWithKeypad(hub, cleanups, { buttons: 4, keypad: FOUR_KEYS });
    const a = KEY_CODES.KEY_A!;
    await keypad.send([...keyStroke(a, T0), ...keyStroke(KEY_CODES.KEY_LEFTCTRL!, T0 + 1500), ...keyStroke(KP(2), T0 + 3000)]);
    // the mapped key came after the others: once it is at the hub, they were all read
    const rows = await waitScores(counterId, 1);
    expect(rows.map((r) => r.score)).toEqual([4]);
    expect(agent.output()).toMatch(/"reason":"unmapped-key","key":"KEY_A"/);
    expect(agent.output()).toMatch(/"reason":"unmapped-key","key":"KEY_LEFTCTRL"/);
  });

  it('a press closer than the minimum gap to the last one taken is ignored, one after it is taken', async () => {
    const { counterId, keypad, agent } = await counterWithKeypad(hub, cleanups, { buttons: 4, keypad: FOUR_KEYS });
    await keypad.send([...keyStroke(KP(1), T0), ...keyStroke(KP(2), T0 + 300), ...keyStroke(KP(2), T0 + 999), ...keyStroke(KP(3), T0 + 1000), ...keyStroke(KP(4), T0 + 1500)]);
    await waitFor(() => /"reason":"too-soon","key":"KEY_KP4"/.test(agent.output()), 'the last press refused as too soon');
    const rows = await waitScores(counterId, 2);
    expect(rows.map((r) => r.button)).toEqual([1, 3]);
    expect((agent.output().match(/"reason":"too-soon"/g) ?? []).length).toBe(3);
  });

  it('a mapped button beyond the counter\'s scale is ignored', async () => {
    const { counterId, keypad, agent } = await counterWithKeypad(hub, cleanups, { buttons: 3, keypad: FOUR_KEYS });
    await keypad.send([...keyStroke(KP(4), T0), ...keyStroke(KP(1), T0 + 2000)]);
    await waitScores(counterId, 1);
    expect(scoresOf(counterId).map((r) => r.button)).toEqual([1]);
    expect(agent.output()).toMatch(/"reason":"button-out-of-range","key":"KEY_KP4"/);
  });

  it('an unplugged keypad is opened again without restarting the agent', async () => {
    const { counterId, keypad, agent } = await counterWithKeypad(hub, cleanups, { buttons: 4, keypad: FOUR_KEYS });
    await keypad.send(keyStroke(KP(1), T0));
    await waitScores(counterId, 1);
    await keypad.unplug();
    await waitFor(() => /input device lost/.test(agent.output()), 'the agent to notice the keypad is gone');
    await keypad.plug();
    await waitFor(() => (agent.output().match(/input device open/g) ?? []).length >= 2, 'the agent to open the keypad again');
    await keypad.send(keyStroke(KP(2), T0 + 60_000));
    const rows = await waitScores(counterId, 2);
    expect(rows.map((r) => r.score)).toEqual([5, 4]);
    expect(agent.proc.exitCode).toBeNull();
  });

  it('pairing again (a new token) keeps the keypad map written by hand', async () => {
    const { counterId, config } = await counterWithKeypad(hub, cleanups, { buttons: 4, keypad: FOUR_KEYS });
    const before = JSON.parse(fs.readFileSync(config, 'utf8')) as { token: string };
    await pairAgent(hub.url, await pairCode(hub.dataDir, counterId), config);
    const after = JSON.parse(fs.readFileSync(config, 'utf8')) as { token: string; keypad: unknown };
    expect(after.token).not.toBe(before.token);
    expect(after.keypad).toEqual(FOUR_KEYS);
  });

  it('a malformed keypad map is refused with its reason code, and nothing is opened or stored', async () => {
    const dir = tmpDir('keypad-bad-');
    const counterId = await addCounter(hub.dataDir, `Quầy ${path.basename(dir)}`, { buttons: 4 });
    const config = path.join(dir, 'agent.json');
    await pairAgent(hub.url, await pairCode(hub.dataDir, counterId), config);
    const paired = JSON.parse(fs.readFileSync(config, 'utf8')) as Record<string, unknown>;
    const cases: [unknown, string][] = [
      [undefined, 'keypad-config-missing'],
      [{ keys: { KEY_KP1: 1, KEY_NOPE: 2 } }, 'keypad-unknown-key'],
      [{ keys: { KEY_KP1: 7 } }, 'keypad-bad-button'],
      [{ keys: { KEY_KP1: 1 }, minGapMs: 'soon' }, 'keypad-config-invalid'],
      [{ keys: {} }, 'keypad-no-keys'],
    ];
    for (const [keypad, reason] of cases) {
      fs.writeFileSync(config, JSON.stringify({ ...paired, keypad }));
      const outbox = path.join(dir, 'outbox.sqlite');
      const agent = startAgent(['--config', config, '--input', path.join(dir, 'no-such-device'), '--outbox', outbox]);
      cleanups.push(() => agent.stop());
      await waitFor(() => agent.proc.exitCode !== null, `the agent to refuse ${reason}`);
      expect(agent.proc.exitCode).toBe(78);
      await expect.poll(() => agent.output(), { timeout: 15_000 }).toContain(`[${reason}]`);
      expect(fs.existsSync(outbox)).toBe(false);
    }
  });
});

