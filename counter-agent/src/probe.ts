import { defaultScale, formatCfg, scoreOfButton, type ButtonCount, type CfgSentence, type DeviceScale, type Sentence } from '@onestop/shared';
import { askHello, BoxLine } from './box-line.js';
import type { ProbeFailure, ProbeMessages } from './probe-messages.js';

/**
 * How long after a `$WHO` or `$CFG` a `$HELLO` still counts as its answer (a Nano answers within milliseconds). The
 * LED check (600 ms a button, 2 buttons at least) outlasts it, so during the press phase a `$HELLO` is a restart.
 */
const ANSWER_GRACE_MS = 1000;

export interface ProbeOptions {
  port: string;
  baudRate: number;
  messages: ProbeMessages;
  out: (line: string) => void;
  /** write this serial and button count into the box first ($CFG) */
  setConfig?: CfgSentence;
  /** the counter's scale, to show each press's score; the default map for the box's button count otherwise */
  scale?: DeviceScale;
  helloTimeoutMs?: number;
  /** how long each LED stays lit in the LED check; the next one lights when it goes out */
  ledMs?: number;
  pressTimeMs?: number;
  /** resolves when the user wants to finish early (Ctrl-C) */
  finish?: Promise<void>;
}

export interface ProbeResult {
  pass: boolean;
  failures: { reason: ProbeFailure; detail: string }[];
  hello: { serial: string; firmware: string; buttons: number } | null;
  pressed: number[];
}

/**
 * The installer's check of one box, without a hub (docs/firmware/). A box passes when it answers `$WHO` with
 * `$HELLO`, takes a `$CFG` when one is asked for, and sends a press from each of its buttons within the time the user
 * is told; every press is acknowledged like the agent would, and each LED is lit in turn for the user to see.
 */
export async function probeBox(o: ProbeOptions): Promise<ProbeResult> {
  const m = o.messages;
  const failures: ProbeResult['failures'] = [];
  const fail = (reason: ProbeFailure, detail = '') => failures.push({ reason, detail });
  const result = (hello: ProbeResult['hello'], pressed: number[] = []): ProbeResult => ({ pass: failures.length === 0, failures, hello, pressed });

  o.out(m.opening(o.port, o.baudRate));
  const line = new BoxLine(o.port, o.baudRate);
  try {
    await line.open();
  } catch (e) {
    o.out(m.cannotOpen((e as Error).message));
    fail('port-unavailable', (e as Error).message);
    return result(null);
  }
  let beats = 0;
  let dropped = 0;
  let lost = false;
  line.on('sentence', (s: Sentence) => s.type === 'BEAT' && beats++);
  line.on('dropped', () => dropped++);
  line.on('closed', () => (lost = true));

  try {
    const helloMs = o.helloTimeoutMs ?? 5000;
    o.out(m.waitingHello(Math.round(helloMs / 1000)));
    let hello = await askHello(line, helloMs);
    // a $HELLO this soon after our last $WHO or $CFG is an answer to it, not a restart
    let answersUntil = Date.now() + ANSWER_GRACE_MS;
    if (!hello) {
      o.out(m.noHello(o.baudRate));
      fail('no-hello');
      return result(null);
    }
    o.out(m.hello(hello.serial, hello.firmware, hello.buttons));

    if (o.setConfig) {
      const want = o.setConfig;
      o.out(m.writingCfg(want.serial, want.buttons));
      // a late answer to an earlier $WHO may still come with the old values: wait for one with the new ones
      let other: Sentence | null = null;
      const answer = line.waitFor((s) => (s.type !== 'HELLO' ? null : s.serial === want.serial && s.buttons === want.buttons ? s : ((other = s), null)), 3000);
      line.write(formatCfg(want));
      answersUntil = Date.now() + ANSWER_GRACE_MS;
      const h = await answer;
      if (!h) {
        o.out(m.cfgNotTaken);
        const seen = other as Extract<Sentence, { type: 'HELLO' }> | null;
        fail('cfg-not-taken', seen ? `$HELLO ${seen.serial}, ${seen.buttons}` : 'no $HELLO');
        return result({ ...hello });
      }
      hello = h;
      o.out(m.cfgTaken(h.serial, h.buttons));
    }
    const buttons = hello.buttons;
    const scale = o.scale && o.scale.buttons === buttons ? o.scale : defaultScale(buttons as ButtonCount);

    // presses that come during the LED check are taken too: listen from here on
    const seen = new Set<number>();
    const pressed = new Set<number>();
    let allPressed: () => void = () => {};
    const done = new Promise<void>((r) => (allPressed = r));
    line.on('sentence', (s: Sentence) => {
      if (s.type === 'HELLO') {
        if (Date.now() < answersUntil) return;
        o.out(m.restarted);
        if (!failures.some((f) => f.reason === 'box-restarted')) fail('box-restarted');
        seen.clear();
        return;
      }
      if (s.type !== 'PRESS') return;
      line.send({ type: 'ACK', seq: s.seq });
      if (seen.has(s.seq)) return o.out(m.pressAgain(s.button, s.seq));
      seen.add(s.seq);
      const score = scoreOfButton(scale, s.button);
      if (score === null) {
        o.out(m.pressOutOfRange(s.button, buttons));
        fail('button-out-of-range', String(s.button));
        return;
      }
      o.out(m.press(s.button, score, s.seq));
      pressed.add(s.button);
      if (pressed.size === buttons) allPressed();
    });

    o.out(m.ledsIntro);
    const ledMs = o.ledMs ?? 600;
    for (let b = 1; b <= buttons && !lost; b++) {
      line.send({ type: 'LED', button: b, ms: ledMs });
      o.out(m.led(b));
      await new Promise((r) => setTimeout(r, ledMs));
    }

    const pressMs = o.pressTimeMs ?? 60_000;
    o.out(m.pressIntro(buttons, Math.round(pressMs / 1000)));
    let timer: NodeJS.Timeout | undefined;
    const lostPort = new Promise<void>((r) => line.once('closed', () => r()));
    await Promise.race([done, lostPort, new Promise<void>((r) => (timer = setTimeout(r, pressMs))), ...(o.finish ? [o.finish] : [])]);
    clearTimeout(timer);

    if (lost) {
      o.out(m.portLost);
      fail('port-lost');
    }
    const missing = Array.from({ length: buttons }, (_, i) => i + 1).filter((b) => !pressed.has(b));
    if (missing.length > 0) fail('button-not-pressed', missing.join(', '));
    o.out(m.beats(beats));
    if (dropped > 0) o.out(m.droppedLines(dropped));
    return result({ serial: hello.serial, firmware: hello.firmware, buttons }, [...pressed].sort());
  } finally {
    await line.close();
  }
}

/** The closing line: "Hộp đạt", or "Hộp lỗi" with each failed check and its reason code. */
export function verdict(r: ProbeResult, m: ProbeMessages): string {
  if (r.pass) return m.pass;
  return m.fail(r.failures.map((f) => `${m.failure[f.reason](f.detail)} (${f.reason})`).join('; '));
}
