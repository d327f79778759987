import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { listSerialPorts, probePort, type PortInfo, type ProbedPort } from './ports.js';

const BAUDS = new Set([9600, 19200, 57600, 115200]);

export const PORTS_HELP = `  counter-agent ports [PATH…] [--baud 9600] [--timeout 3000] [--all] [--json]
        List the serial ports (USB vendor:product, maker, serial number) and mark those where a box answers $WHO
        with $HELLO. PATHs are asked too (a port the listing cannot see). --all also lists ttyS* ports.
`;

/** `counter-agent ports`: what is plugged in, and which of it is a rating box. Returns the exit code. */
export async function runPorts(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let values: { baud?: string; timeout?: string; all?: boolean; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { baud: { type: 'string' }, timeout: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } } }));
  } catch (e) {
    err.write(`counter-agent: ${(e as Error).message}\nRun "counter-agent --help" for usage.\n`);
    return 2;
  }
  const baud = values.baud === undefined ? 9600 : Number(values.baud);
  const timeout = values.timeout === undefined ? 3000 : Number(values.timeout);
  if (!BAUDS.has(baud) || !Number.isInteger(timeout) || timeout < 100 || timeout > 60_000) {
    err.write(`counter-agent: --baud must be one of ${[...BAUDS].join(', ')}; --timeout 100–60000 ms\n`);
    return 2;
  }
  const { ports, source } = await listSerialPorts({ all: values.all === true });
  const seen = new Set(ports.map((p) => p.path));
  for (const p of positionals) {
    const real = safeRealpath(p);
    if (!seen.has(p) && !(real && seen.has(real))) ports.push({ path: p });
  }
  const probed = await Promise.all(ports.map((p) => probePort(p, baud, timeout)));
  if (values.json) {
    out.write(JSON.stringify({ source, baud, ports: probed }, null, 2) + '\n');
  } else {
    out.write(table(probed, baud, source));
  }
  return 0;
}

function safeRealpath(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

function table(ports: ProbedPort[], baud: number, source: string): string {
  if (ports.length === 0) return 'No serial port found. Is the box plugged in? (dmesg | tail shows what the kernel saw)\n';
  const rows = ports.map((p) => [p.hello ? '*' : ' ', p.path, usbId(p), [p.manufacturer, p.product].filter(Boolean).join(' ') || '-', p.serialNumber ?? '-', box(p)]);
  const head = [' ', 'port', 'usb id', 'maker / product', 'usb serial', `box (asked $WHO at ${baud} baud)`];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  const byId = ports.filter((p) => p.hello && p.byId).map((p) => `  ${p.path} is also ${p.byId} (a name that survives replugging)\n`);
  return fmt(head) + rows.map(fmt).join('') + byId.join('') + `(* = answered $HELLO; ports listed from ${source})\n`;
}

const usbId = (p: PortInfo) => (p.vendorId ? `${p.vendorId}:${p.productId ?? '????'}` : '-');
const box = (p: ProbedPort) => (p.hello ? `${p.hello.serial}, firmware ${p.hello.firmware}, ${p.hello.buttons} buttons` : p.error ? `cannot open: ${p.error}` : 'no answer');
