import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { tmpDir } from '../helpers/procs.js';
import { PtyPair } from '../helpers/serial.js';
import { ScriptedBox } from '../helpers/script-box.js';
import { agentTool } from '../helpers/installer.js';

/** `counter-agent ports` as its own process, asking socat ptys given by path: one with a box behind it, one silent. */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function pty(): Promise<PtyPair> {
  const p = new PtyPair(tmpDir('ports-'));
  await p.start();
  cleanups.push(() => p.stop());
  return p;
}

describe('counter-agent ports', () => {
  it('marks the port whose box answers $WHO with $HELLO, and not a silent one or a missing one', async () => {
    const withBox = await pty();
    const silent = await pty();
    const box = new ScriptedBox(withBox.box, { serial: 'BX-0042', firmware: '1.0.3', buttons: 4 });
    await box.open();
    cleanups.push(() => box.close());
    const missing = path.join(tmpDir('ports-'), 'ttyUSB9');
    const t = agentTool(['ports', '--json', '--timeout', '1500', withBox.agent, silent.agent, missing]);
    expect(await t.exited).toBe(0);
    const res = JSON.parse(t.output()) as { source: string; baud: number; ports: { path: string; hello: unknown; error: string | null }[] };
    const byPath = Object.fromEntries(res.ports.map((p) => [p.path, p]));
    expect(byPath[withBox.agent]).toMatchObject({ hello: { serial: 'BX-0042', firmware: '1.0.3', buttons: 4 }, error: null });
    expect(byPath[silent.agent]).toMatchObject({ hello: null, error: null });
    expect(byPath[missing]!.hello).toBeNull();
    expect(byPath[missing]!.error).toMatch(/no such file|ENOENT/i);
    expect(res.baud).toBe(9600);
    expect(box.received.filter((s) => s.type === 'WHO').length).toBeGreaterThanOrEqual(1);
  });

  it('prints a table a person can read, the box marked with a star', async () => {
    const withBox = await pty();
    const box = new ScriptedBox(withBox.box, { serial: 'BX-7', firmware: '2.0', buttons: 5 });
    await box.open();
    cleanups.push(() => box.close());
    const t = agentTool(['ports', '--timeout', '1500', withBox.agent]);
    expect(await t.exited).toBe(0);
    const row = t.output().split('\n').find((l) => l.includes(withBox.agent))!;
    expect(row.startsWith('*')).toBe(true);
    expect(row).toContain('BX-7, firmware 2.0, 5 buttons');
    await expect.poll(() => t.output(), { timeout: 15_000 }).toContain('(* = answered $HELLO;');
  });

  it('refuses a baud rate the contract does not have', async () => {
    const t = agentTool(['ports', '--baud', '4800']);
    expect(await t.exited).toBe(2);
    await expect.poll(() => t.output(), { timeout: 15_000 }).toContain('--baud must be one of 9600, 19200, 57600, 115200');
  });
});
