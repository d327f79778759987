import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, tmpDir, until } from './helpers.js';

export const BEARERBOX = '/usr/sbin/bearerbox';
export const SMSBOX = '/usr/sbin/smsbox';
export const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';
export const kannelInstalled = () => [BEARERBOX, SMSBOX, FAKESMSC].every((f) => fs.existsSync(f));

export interface FakeSmscMessage {
  from: string;
  to: string;
  type: string;
  /** the text as a phone would show it (UCS-2 decoded) */
  text: string;
}

/**
 * A real Kannel from Debian on loopback: bearerbox with a `fake` SMSC, smsbox with sendsms, and the fakesmsc test
 * client playing the telco (it prints every message it receives and acknowledges it, which makes Kannel send the
 * SMSC-accepted (8) and delivered (1) reports). Own ports, config and log folder per instance.
 */
export class RealKannel {
  readonly dir = tmpDir('kannel-');
  readonly username = 'hub';
  readonly password = 'kannel-test-pw';
  readonly adminPassword = 'kannel-admin-pw';
  ports = { admin: 0, smsbox: 0, smsc: 0, sendsms: 0 };
  private procs: { name: string; proc: ChildProcess; out: string[] }[] = [];

  get sendsmsUrl(): string {
    return `http://127.0.0.1:${this.ports.sendsms}/cgi-bin/sendsms`;
  }

  /** Picks the ports and writes the config without starting anything (to point a hub at a Kannel that is down). */
  async prepare(): Promise<this> {
    this.ports = { admin: await freePort(), smsbox: await freePort(), smsc: await freePort(), sendsms: await freePort() };
    const d = this.dir;
    fs.mkdirSync(path.join(d, 'store'), { recursive: true });
    fs.writeFileSync(
      path.join(d, 'kannel.conf'),
      `group = core
admin-port = ${this.ports.admin}
admin-password = ${this.adminPassword}
admin-interface = 127.0.0.1
admin-allow-ip = "127.0.0.1"
smsbox-port = ${this.ports.smsbox}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
dlr-storage = internal
store-type = spool
store-location = "${d}/store"
log-file = "${d}/bearerbox.log"
log-level = 0
access-log = "${d}/access.log"

group = smsc
smsc = fake
smsc-id = fake
port = ${this.ports.smsc}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${this.ports.smsbox}
sendsms-port = ${this.ports.sendsms}
sendsms-interface = 127.0.0.1
log-file = "${d}/smsbox.log"
log-level = 0
access-log = "${d}/smsbox-access.log"

group = sendsms-user
username = ${this.username}
password = ${this.password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
text = "No service"
catch-all = true
max-messages = 0
`,
    );
    return this;
  }

  private spawn(name: string, cmd: string, args: string[]): void {
    const proc = spawn(cmd, args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    proc.stdout?.on('data', (b: Buffer) => out.push(b.toString('latin1')));
    proc.stderr?.on('data', (b: Buffer) => out.push(b.toString('latin1')));
    this.procs.push({ name, proc, out });
  }

  private status(): Promise<string> {
    return fetch(`http://127.0.0.1:${this.ports.admin}/status.txt?password=${this.adminPassword}`).then((r) => r.text());
  }

  async start(): Promise<this> {
    if (!this.ports.admin) await this.prepare();
    const conf = path.join(this.dir, 'kannel.conf');
    this.spawn('bearerbox', BEARERBOX, [conf]);
    await until(() => this.status().then((s) => s.includes('Status: running')), 'bearerbox admin port');
    this.spawn('smsbox', SMSBOX, [conf]);
    this.spawn('fakesmsc', FAKESMSC, ['-H', '127.0.0.1', '-r', String(this.ports.smsc), '-m', '0', '1 2 text x']);
    await until(() => this.status().then((s) => /smsbox:.*on-line/.test(s) && /fake\[fake\].*\(online/.test(s)), 'smsbox connected and the fake SMSC online');
    await until(() => portOpen(this.ports.sendsms), 'smsbox sendsms port');
    return this;
  }

  /** What fakesmsc received, in order. */
  received(): FakeSmscMessage[] {
    const fake = this.procs.find((p) => p.name === 'fakesmsc');
    const text = fake?.out.join('') ?? '';
    const out: FakeSmscMessage[] = [];
    for (const m of text.matchAll(/Got message \d+: <(\S+) (\S+) (\S+) (.*)>\r?\n/g)) {
      const [, from, to, type, data] = m as unknown as [string, string, string, string, string];
      out.push({ from, to, type, text: type === 'ucs-2' ? decodeUcs2(data) : data });
    }
    return out;
  }

  log(): string {
    return this.procs.map((p) => `--- ${p.name}\n${p.out.join('').slice(-3000)}`).join('\n');
  }

  /** SIGTERM in reverse order of start, SIGKILL for any that lingers. */
  async stop(): Promise<void> {
    for (const { proc } of this.procs.splice(0).reverse()) {
      if (proc.exitCode !== null || proc.signalCode) continue;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
  }
}

/** fakesmsc prints UCS-2 as URL-encoded UTF-16BE bytes. */
function decodeUcs2(data: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '%') {
      bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c === '+' ? 0x20 : c.charCodeAt(0));
  }
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return s;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * A TCP proxy in front of smsbox that passes requests on and throws the answers away: Kannel accepts the message,
 * the hub never hears so (the ambiguous case).
 */
export async function answerEatingProxy(targetPort: number): Promise<{ port: number; forwarded: () => number; close(): Promise<void> }> {
  let forwarded = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    client.on('data', (d) => {
      forwarded++;
      upstream.write(d);
    });
    upstream.on('data', () => {}); // the answer is lost
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => (sockets.delete(client), upstream.destroy()));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
