import { parseArgs } from 'node:util';
import { checkCfg, type DeviceScale } from '@onestop/shared';
import { loadAgentConfig } from './config.js';
import { probeBox, verdict } from './probe.js';
import { PROBE_MESSAGES } from './probe-messages.js';

const BAUDS = new Set([9600, 19200, 57600, 115200]);

export const PROBE_HELP = `  counter-agent probe --port PATH [--baud 9600] [--set-serial S --buttons N] [--time 60] [--config FILE] [--lang vi|en]
        Check a box without a hub: its $HELLO, each LED in turn, a press from each button (acknowledged, shown with
        its score; FILE's scale if given), then a verdict. --set-serial writes the serial and button count into the
        box first ($CFG). Exit code 0: the box passes; 1: it fails (the failed checks are named).
`;

/** `counter-agent probe`: the installer's check of one box. Returns the exit code. */
export async function runProbe(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const usage = (msg: string) => (err.write(`counter-agent: ${msg}\nRun "counter-agent --help" for usage.\n`), 2);
  let v: Record<string, string | undefined>;
  try {
    v = parseArgs({
      args: argv,
      strict: true,
      options: { port: { type: 'string' }, baud: { type: 'string' }, 'set-serial': { type: 'string' }, buttons: { type: 'string' }, time: { type: 'string' }, config: { type: 'string' }, lang: { type: 'string' } },
    }).values as Record<string, string | undefined>;
  } catch (e) {
    return usage((e as Error).message);
  }
  if (!v.port) return usage('probe needs --port PATH');
  const baud = v.baud === undefined ? 9600 : Number(v.baud);
  if (!BAUDS.has(baud)) return usage(`--baud must be one of ${[...BAUDS].join(', ')}`);
  const seconds = v.time === undefined ? 60 : Number(v.time);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) return usage('--time is in seconds, 1–3600');
  const lang = v.lang ?? 'vi';
  if (lang !== 'vi' && lang !== 'en') return usage('--lang must be vi or en');
  let setConfig: { serial: string; buttons: number } | undefined;
  if (v['set-serial'] !== undefined || v.buttons !== undefined) {
    if (v['set-serial'] === undefined || v.buttons === undefined) return usage('--set-serial and --buttons go together');
    setConfig = { serial: v['set-serial'], buttons: Number(v.buttons) };
    const bad = checkCfg(setConfig);
    if (bad === 'bad-serial') return usage('--set-serial: 1–16 characters A–Z, a–z, 0–9 or -');
    if (bad) return usage('--buttons must be 2–5');
  }
  const scale = v.config ? (loadAgentConfig(v.config).scale as DeviceScale) : undefined;

  const messages = PROBE_MESSAGES[lang];
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);
  try {
    const r = await probeBox({ port: v.port, baudRate: baud, messages, out: (l) => out.write(l + '\n'), pressTimeMs: seconds * 1000, finish: finished, ...(setConfig ? { setConfig } : {}), ...(scale ? { scale } : {}) });
    out.write(verdict(r, messages) + '\n');
    return r.pass ? 0 : 1;
  } finally {
    process.off('SIGINT', finish);
    process.off('SIGTERM', finish);
  }
}
