import { parseArgs } from 'node:util';
import { keyNameOf, pairResponse, parseKeypadConfig, type Ack, type PairResponse } from '@onestop/shared';
import { AgentConfigError, defaultOutboxPath, loadAgentConfig, readKeypadSection, saveAgentConfig } from './config.js';
import { createLogger } from './log.js';
import { createAgent } from './agent.js';
import { simulatedPortFactory } from './sim.js';
import { createKeypadAgent } from './keypad-agent.js';
import { PORTS_HELP, runPorts } from './ports-cli.js';
import { PROBE_HELP, runProbe } from './probe-cli.js';
import { KEYS_HELP, runKeys } from './keys-cli.js';

const HELP = `counter-agent: reads a rating button box on a serial port and forwards presses to the commune hub

Usage:
  counter-agent pair [--hub URL] --code CODE --config FILE [--label TEXT]
        Pair with the hub using a one-time code (from "hub pair-code" or the admin page). Writes FILE (keep it private).
        Without --hub, finds the hub on the LAN (mDNS; --discover-timeout S, --mdns-interface ADDRESS) and asks
        which one when several answer.
  counter-agent run --config FILE --port PATH [--baud 9600] [--mode v1|raw] [--outbox FILE]
        Run. PATH may be a glob (/dev/ttyUSB*) or a /dev/serial/by-id/ link; it is resolved again at every reopen.
        Presses are kept in a local outbox (default: beside FILE) until the hub has them.
  counter-agent run --config FILE --input /dev/input/by-id/…-event-kbd [--outbox FILE]
        Run with a USB keypad instead of a box: its keys are mapped to buttons by the "keypad" section of FILE,
        e.g. "keypad": { "keys": { "KEY_KP1": 1, "KEY_KP2": 2 }, "minGapMs": 1000 } (docs/firmware/README.en.md).
  counter-agent run --config FILE --simulate
        Run with a simulated button box instead of hardware (demo).
For the person installing a box:
${PORTS_HELP}${PROBE_HELP}${KEYS_HELP}  counter-agent --help

Baud rates: 9600 (default), 19200, 57600, 115200.
`;

/** The hub found by mDNS (counter-agent/src/discover.ts); a question on the terminal when several answer. */
async function findHub(values: Record<string, string | boolean | undefined>, out: NodeJS.WritableStream): Promise<string> {
  const { chooseHub, DiscoveryError } = await import('./discover.js');
  const seconds = values['discover-timeout'] === undefined ? 3 : Number(values['discover-timeout']);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) throw new UsageError('--discover-timeout must be 1-60 seconds');
  const ask = process.stdin.isTTY
    ? async (q: string) => {
        const rl = (await import('node:readline/promises')).createInterface({ input: process.stdin, output: process.stdout });
        try {
          return await rl.question(q);
        } finally {
          rl.close();
        }
      }
    : null;
  try {
    return await chooseHub({ timeoutMs: seconds * 1000, interface: values['mdns-interface'] as string | undefined }, (l) => out.write(l + '\n'), ask);
  } catch (e) {
    if (e instanceof DiscoveryError) throw new Error(`hub not found: ${e.message}`);
    throw e;
  }
}

const BAUDS = new Set([9600, 19200, 57600, 115200]);

class UsageError extends Error {}

export async function runCli(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out.write(HELP);
      return cmd ? 0 : 2;
    }
    if (cmd === 'ports') return await runPorts(rest, out, err);
    if (cmd === 'probe') return await runProbe(rest, out, err);
    if (cmd === 'keys') return await runKeys(rest, out, err);
    let values: Record<string, string | boolean | undefined>;
    try {
      values = parseArgs({
        args: rest,
        strict: true,
        options: {
          hub: { type: 'string' },
          code: { type: 'string' },
          config: { type: 'string' },
          label: { type: 'string' },
          port: { type: 'string' },
          baud: { type: 'string' },
          mode: { type: 'string' },
          outbox: { type: 'string' },
          input: { type: 'string' },
          simulate: { type: 'boolean' },
          'discover-timeout': { type: 'string' },
          'mdns-interface': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }).values as Record<string, string | boolean | undefined>;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (values.help) return out.write(HELP), 0;

    if (cmd === 'pair') {
      const code = values.code as string | undefined;
      const file = values.config as string | undefined;
      if (!code || !file) throw new UsageError('pair needs --code CODE --config FILE (and --hub URL unless the hub is found on the LAN)');
      const hub = (values.hub as string | undefined) ?? (await findHub(values, out));
      let url: URL;
      try {
        url = new URL('/api/pair', hub);
      } catch {
        throw new UsageError(`--hub is not a URL: ${hub}`);
      }
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.trim(), kind: 'agent', ...(values.label ? { label: values.label } : {}) }),
      });
      const body = (await res.json().catch(() => null)) as Ack<PairResponse> | null;
      if (!body || !body.ok) {
        err.write(`counter-agent: pairing refused: ${body && !body.ok ? body.reason : `HTTP ${res.status}`}\n`);
        return 1;
      }
      const p = pairResponse.parse(body.data);
      // pairing again (a new token) keeps a keypad map written by hand
      const keypad = readKeypadSection(file);
      saveAgentConfig(file, { hubUrl: hub, token: p.token, deviceId: p.deviceId, counter: p.counter, scale: p.scale, minIntervalS: p.minIntervalS, ...(keypad !== undefined ? { keypad } : {}) });
      out.write(`Paired as ${p.deviceId} for "${p.counter.name}" (${p.scale.buttons} buttons). Config written to ${file}\n`);
      return 0;
    }

    if (cmd === 'run') {
      const file = values.config as string | undefined;
      if (!file) throw new UsageError('run needs --config FILE');
      if (typeof values.input === 'string') {
        if (values.port !== undefined || values.simulate || values.mode !== undefined || values.baud !== undefined) throw new UsageError('--input (a USB keypad) goes without --port, --simulate, --mode and --baud');
        return await runKeypad(file, values.input, values.outbox as string | undefined);
      }
      const simulate = values.simulate === true;
      const port = values.port as string | undefined;
      if (!simulate && !port) throw new UsageError('run needs --port PATH (or --simulate)');
      const baud = values.baud === undefined ? 9600 : Number(values.baud);
      if (!BAUDS.has(baud)) throw new UsageError(`--baud must be one of ${[...BAUDS].join(', ')}`);
      const mode = (values.mode ?? 'v1') as string;
      if (mode !== 'v1' && mode !== 'raw') throw new UsageError('--mode must be v1 or raw');
      const config = loadAgentConfig(file);
      const log = createLogger();
      const sim = simulate ? simulatedPortFactory({ serial: 'SIM-0001', buttons: config.scale.buttons, meanIntervalMs: Number(process.env.SIM_MEAN_INTERVAL_MS ?? 20_000) }) : null;
      const agent = createAgent({
        config,
        outboxFile: (values.outbox as string | undefined) ?? defaultOutboxPath(file),
        port: simulate ? 'sim:button-box' : port!,
        baudRate: baud,
        mode: simulate ? 'simulated' : mode,
        log,
        ...(sim ? { portFactory: sim.factory } : {}),
        onConfig: (c) => saveAgentConfig(file, c),
      });
      agent.start();
      log.info({ counter: config.counter.name, port: simulate ? 'simulated' : port, mode }, 'counter agent running');
      await new Promise<void>((resolve) => {
        const stop = () => {
          log.info('stopping');
          void agent.stop().then(resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      return 0;
    }
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`counter-agent: ${e.message}\nRun "counter-agent --help" for usage.\n`);
      return 2;
    }
    if (e instanceof AgentConfigError) {
      err.write(`counter-agent: [${e.reason}] ${e.message}\n`);
      return 78;
    }
    err.write(`counter-agent: ${(e as Error).message}\n`);
    return 1;
  }
}

/** `run --input`: a USB keypad read as a Linux input device. */
async function runKeypad(file: string, input: string, outboxFile: string | undefined): Promise<number> {
  const config = loadAgentConfig(file);
  const parsed = parseKeypadConfig(config.keypad);
  if (!parsed.ok) throw new AgentConfigError(parsed.reason, `config ${file}: ${parsed.detail}`);
  const log = createLogger();
  const agent = createKeypadAgent({
    config,
    keypad: parsed.keypad,
    outboxFile: outboxFile ?? defaultOutboxPath(file),
    input,
    log,
    onConfig: (c) => saveAgentConfig(file, c),
  });
  agent.start();
  const mapped = Object.fromEntries([...parsed.keypad.buttons].map(([code, button]) => [keyNameOf(code), button]));
  log.info({ counter: config.counter.name, input, keys: mapped, minGapMs: parsed.keypad.minGapMs }, 'counter agent running with a keypad');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (sig: NodeJS.Signals) => {
      log.info('stopping');
      void agent.stop().then(() => {
        log.info('stopped: outbox closed');
        resolve(sig);
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  // A read waiting for the next key cannot be cancelled, and node's exit would wait for it (libuv joins its threads),
  // so once everything is closed the signal is raised again with its default action: the process ends at once, with
  // the status of a process stopped by that signal (decision 0065). Without a pending read node has exited by then.
  setTimeout(() => {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }, 100).unref();
  return 0;
}
