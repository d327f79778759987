import { afterEach, describe, expect, it } from 'vitest';
import { EV_KEY, KEY_CODES, KEY_DOWN, keyStroke, parseKeypadConfig } from '@onestop/shared';
import { tmpDir } from '../helpers/procs.js';
import { KeypadFifo } from '../helpers/keypad.js';
import { agentTool } from '../helpers/installer.js';

/** `counter-agent keys`: the installer presses a keypad's keys in order and gets the map for the agent's config. */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

describe('counter-agent keys', () => {
  it('maps keys to buttons in the order they are first pressed and prints a section the agent accepts', async () => {
    const keypad = await KeypadFifo.make(tmpDir('keys-'));
    cleanups.push(() => keypad.unplug());
    const t = agentTool(['keys', '--input', keypad.path, '--buttons', '3']);
    cleanups.push(async () => t.proc.exitCode === null && t.proc.kill('SIGKILL'));
    await t.says(/Bấm lần lượt 3 phím/);
    await keypad.plug();
    const T0 = Date.UTC(2026, 11, 2, 2);
    await keypad.send([...keyStroke(KEY_CODES.KEY_F13!, T0, { repeats: 3 }), ...keyStroke(KEY_CODES.KEY_F13!, T0 + 900), ...keyStroke(KEY_CODES.KEY_F14!, T0 + 2000), ...keyStroke(KEY_CODES.KEY_F15!, T0 + 3000)]);
    expect(await t.exited).toBe(0);
    const out = t.output();
    expect(out).toContain('KEY_F13 (mã 183) → nút 1');
    expect(out).toContain('KEY_F13 (mã 183): đã gán rồi');
    expect(out).toContain('KEY_F15 (mã 185) → nút 3');
    const section = JSON.parse(out.slice(out.indexOf('"keypad": ') + '"keypad": '.length)) as unknown;
    expect(section).toEqual({ keys: { KEY_F13: 1, KEY_F14: 2, KEY_F15: 3 }, minGapMs: 1000 });
    expect(parseKeypadConfig(section).ok).toBe(true);
  });

  it('Ctrl-C while it waits for a key ends it at once with what was pressed', async () => {
    const keypad = await KeypadFifo.make(tmpDir('keys-'));
    cleanups.push(() => keypad.unplug());
    const t = agentTool(['keys', '--input', keypad.path, '--buttons', '4', '--lang', 'en']);
    cleanups.push(async () => t.proc.exitCode === null && t.proc.kill('SIGKILL'));
    await keypad.plug();
    // held down: the key-down is the last record, so the tool's next read is waiting in the kernel when Ctrl-C comes
    await keypad.send(keyStroke(KEY_CODES.KEY_KP1!, Date.UTC(2026, 11, 2, 2)).filter((e) => e.type === EV_KEY && e.value === KEY_DOWN));
    await t.says(/KEY_KP1 \(code 79\) → button 1/);
    t.proc.kill('SIGINT');
    await t.exited;
    expect(t.proc.signalCode).toBe('SIGINT');
    await expect.poll(() => t.output(), { timeout: 15_000 }).toContain('"KEY_KP1": 1');
  });
});
