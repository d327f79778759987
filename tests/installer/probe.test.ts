import { afterEach, describe, expect, it } from 'vitest';
import { tmpDir, waitFor } from '../helpers/procs.js';
import { PtyPair } from '../helpers/serial.js';
import { ScriptedBox } from '../helpers/script-box.js';
import { agentTool, type ToolRun } from '../helpers/installer.js';

/**
 * `counter-agent probe`, the installer's check of a box, as its own process on one end of a socat pty pair, with a
 * scripted box (the real serialport package) on the other.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function boxOnPty(identity = { serial: 'BX-0001', firmware: '1.0.0', buttons: 4 }, behaviour: ConstructorParameters<typeof ScriptedBox>[2] = {}) {
  const pty = new PtyPair(tmpDir('probe-'));
  await pty.start();
  cleanups.push(() => pty.stop());
  const box = new ScriptedBox(pty.box, identity, behaviour);
  await box.open();
  cleanups.push(() => box.close());
  return { pty, box };
}

function probe(args: string[]): ToolRun {
  const t = agentTool(['probe', ...args]);
  cleanups.push(async () => {
    if (t.proc.exitCode === null) t.proc.kill('SIGKILL');
  });
  return t;
}

describe('counter-agent probe', () => {
  it('a working box passes: its hello shown, each LED lit in turn, each press shown with its score and acknowledged', async () => {
    const { pty, box } = await boxOnPty();
    const p = probe(['--port', pty.agent, '--time', '60']);
    await p.says(/Hộp đã chào: số hiệu BX-0001, phần mềm 1\.0\.0, 4 nút\./);
    await p.says(/Bấm lần lượt từng nút, từ nút 1 \(bên trái\) đến nút 4, trong vòng 60 giây/);
    await waitFor(() => box.leds().length >= 4, 'four $LED');
    expect(box.leds()).toEqual([1, 2, 3, 4]);
    for (const b of [1, 2, 3]) await box.waitAck(box.press(b));
    // a retransmission of the last press: acknowledged again, not a second press
    box.send({ type: 'PRESS', seq: 2, button: 3 });
    await box.waitAck(2, 2);
    await box.waitAck(box.press(4));
    expect(await p.exited).toBe(0);
    const out = p.output();
    expect(out).toContain('Nút 1 → 5 điểm (Rất hài lòng), số thứ tự 0: đã xác nhận.');
    expect(out).toContain('Nút 4 → 2 điểm (Không hài lòng), số thứ tự 3: đã xác nhận.');
    expect(out).toContain('Nút 3, số thứ tự 2: hộp gửi lại, đã xác nhận lại (không tính hai lần).');
    expect(out.trim().split('\n').pop()).toBe('KẾT LUẬN: Hộp đạt.');
  });

  it('a box that never answers fails, and the verdict names the check', async () => {
    const { pty } = await boxOnPty(undefined, { answerWho: false });
    const p = probe(['--port', pty.agent]);
    expect(await p.exited).toBe(1);
    await expect.poll(() => p.output(), { timeout: 15_000 }).toContain('Hộp không trả lời.');
    expect(p.output().trim().split('\n').pop()).toBe('KẾT LUẬN: Hộp lỗi: không nhận được $HELLO (no-hello).');
  });

  it('a button that never sends a press fails when the time is up, naming the button', async () => {
    const { pty, box } = await boxOnPty({ serial: 'BX-0002', firmware: '1.0.0', buttons: 3 });
    const p = probe(['--port', pty.agent, '--time', '2']);
    await p.says(/Bấm lần lượt/);
    await box.waitAck(box.press(1));
    await box.waitAck(box.press(3));
    expect(await p.exited).toBe(1);
    expect(p.output().trim().split('\n').pop()).toBe('KẾT LUẬN: Hộp lỗi: chưa nhận lần bấm nào của nút 2 (button-not-pressed).');
  });

  it('Ctrl-C ends the check early with a verdict on what was seen', async () => {
    const { pty, box } = await boxOnPty({ serial: 'BX-0003', firmware: '1.0.0', buttons: 2 });
    const p = probe(['--port', pty.agent, '--lang', 'en']);
    await p.says(/Press each button in turn/);
    await box.waitAck(box.press(2));
    await p.says(/Button 2 → score 2 \(dissatisfied\)/);
    p.proc.kill('SIGINT');
    expect(await p.exited).toBe(1);
    expect(p.output().trim().split('\n').pop()).toBe('VERDICT: the box fails: no press received from button 1 (button-not-pressed).');
  });

  it('a box that restarts during the check fails with box-restarted, even when every button was pressed', async () => {
    const { pty, box } = await boxOnPty({ serial: 'BX-0004', firmware: '1.0.0', buttons: 3 });
    const p = probe(['--port', pty.agent]);
    await p.says(/Bấm lần lượt/);
    await box.waitAck(box.press(1));
    // power dip: the box boots again, says hello unasked, and numbers its presses from 0 again
    box.send({ type: 'HELLO', ...box.identity });
    await p.says(/Hộp vừa khởi động lại/);
    box.send({ type: 'PRESS', seq: 0, button: 2 });
    await box.waitAck(0, 2);
    box.send({ type: 'PRESS', seq: 1, button: 3 });
    await box.waitAck(1);
    expect(await p.exited).toBe(1);
    // after the restart seq 0 was a new press, not a retransmission
    await expect.poll(() => p.output(), { timeout: 15_000 }).toContain('Nút 2 → 4 điểm (Hài lòng), số thứ tự 0: đã xác nhận.');
    expect(p.output().trim().split('\n').pop()).toBe('KẾT LUẬN: Hộp lỗi: hộp khởi động lại trong lúc kiểm tra (box-restarted).');
  });

  it('--set-serial writes the serial and button count with $CFG and checks the box with its new values', async () => {
    const { pty, box } = await boxOnPty({ serial: 'BX-0000', firmware: '1.0.0', buttons: 4 });
    const p = probe(['--port', pty.agent, '--set-serial', 'XA-TAN-07', '--buttons', '3']);
    await p.says(/Hộp đã nhận: số hiệu XA-TAN-07, 3 nút\./);
    await p.says(/Bấm lần lượt/);
    expect(box.cfgs).toEqual([{ serial: 'XA-TAN-07', buttons: 3 }]);
    await waitFor(() => box.leds().length >= 3, 'three $LED');
    expect(box.leds()).toEqual([1, 2, 3]);
    for (const b of [1, 2, 3]) await box.waitAck(box.press(b));
    expect(await p.exited).toBe(0);
    await expect.poll(() => p.output(), { timeout: 15_000 }).toContain('Nút 3 → 2 điểm (Không hài lòng)');
  });

  it('a box that ignores $CFG fails with cfg-not-taken', async () => {
    const { pty, box } = await boxOnPty({ serial: 'BX-0000', firmware: '1.0.0', buttons: 4 }, { takeCfg: false });
    const p = probe(['--port', pty.agent, '--set-serial', 'BX-0009', '--buttons', '4']);
    expect(await p.exited).toBe(1);
    expect(box.cfgs).toHaveLength(1);
    await expect.poll(() => p.output(), { timeout: 15_000 }).toContain('(cfg-not-taken)');
  });

  it('a serial a box cannot store is refused before anything is sent', async () => {
    const { pty, box } = await boxOnPty();
    const p = probe(['--port', pty.agent, '--set-serial', 'Xã Tân 07', '--buttons', '4']);
    expect(await p.exited).toBe(2);
    await expect.poll(() => p.output(), { timeout: 15_000 }).toContain('--set-serial: 1–16 characters');
    expect(box.received).toEqual([]);
    expect(box.cfgs).toEqual([]);
  });
});
