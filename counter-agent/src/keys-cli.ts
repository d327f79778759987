import { parseArgs } from 'node:util';
import { DEFAULT_KEYPAD_GAP_MS, EV_KEY, KEY_DOWN, keyNameOf } from '@onestop/shared';
import { createLogger } from './log.js';
import { InputLink } from './input-link.js';
import { KEYS_MESSAGES } from './probe-messages.js';

export const KEYS_HELP = `  counter-agent keys --input /dev/input/by-id/…-event-kbd [--buttons 4] [--lang vi|en]
        Map a USB keypad: press its keys from button 1 (most satisfied) on; prints the "keypad" section for the config.
`;

/** `counter-agent keys`: the installer presses a keypad's keys in order and gets the config's keypad section. */
export async function runKeys(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let v: Record<string, string | undefined>;
  try {
    v = parseArgs({ args: argv, strict: true, options: { input: { type: 'string' }, buttons: { type: 'string' }, lang: { type: 'string' } } }).values as Record<string, string | undefined>;
  } catch (e) {
    err.write(`counter-agent: ${(e as Error).message}\n`);
    return 2;
  }
  const buttons = v.buttons === undefined ? 4 : Number(v.buttons);
  const lang = v.lang ?? 'vi';
  if (!v.input || !Number.isInteger(buttons) || buttons < 2 || buttons > 5 || (lang !== 'vi' && lang !== 'en')) {
    err.write('counter-agent: keys needs --input PATH; --buttons 2–5; --lang vi or en\n');
    return 2;
  }
  const m = KEYS_MESSAGES[lang];
  const keys: Record<string, number> = {};
  const link = new InputLink({
    spec: v.input,
    log: createLogger(process.env.LOG_LEVEL ?? 'warn'),
    onEvent: (e) => {
      if (e.type !== EV_KEY || e.value !== KEY_DOWN) return;
      const name = keyNameOf(e.code);
      if (name in keys) return void out.write(m.key(name, e.code, null) + '\n');
      keys[name] = Object.keys(keys).length + 1;
      out.write(m.key(name, e.code, keys[name]!) + '\n');
      if (Object.keys(keys).length === buttons) {
        link.stop(); // before the link reads again: no read is left waiting, and node exits by itself
        finish();
      }
    },
  });
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  let signal: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => ((signal = sig), finish());
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  out.write(m.intro(v.input, buttons) + '\n');
  link.start();
  await done;
  link.stop();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (Object.keys(keys).length === 0) out.write(m.noKeys + '\n');
  else out.write(`${m.section}\n"keypad": ${JSON.stringify({ keys, minGapMs: DEFAULT_KEYPAD_GAP_MS }, null, 2)}\n`);
  if (signal) {
    // a read may still wait for a key and would hold node's exit (decision 0065): end by the signal, as asked
    const sig = signal;
    setTimeout(() => process.kill(process.pid, sig), 100).unref();
  }
  return Object.keys(keys).length === buttons ? 0 : 1;
}
