import { afterEach, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Bonjour } from 'bonjour-service';
import { HUB_SERVICE_TYPE } from '../counter-agent/src/discover.js';
import { AGENT_BIN, ROOT, addCounter, pairCode, tmpDir, waitFor } from './helpers/procs.js';

/**
 * The hub's announcement as avahi-daemon makes it from the installer's service file. avahi needs D-Bus and a
 * system daemon, which a test machine does not run, so bonjour-service publishes the same record here; the packets
 * go out and come back through this machine's own multicast loop.
 */
const announcers: Bonjour[] = [];
function announce(port: number, name: string) {
  const b = new Bonjour();
  announcers.push(b);
  b.publish({ name, type: HUB_SERVICE_TYPE, protocol: 'tcp', port, txt: { path: '/' } });
}
afterEach(async () => {
  for (const b of announcers.splice(0)) await new Promise<void>((r) => b.unpublishAll(() => b.destroy(() => r())));
});

function agent(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(AGENT_BIN, args, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
  );
}

describe('finding the hub on the LAN (mDNS)', () => {
  it('the installer announces the type the agent browses for', () => {
    expect(fs.readFileSync(path.join(ROOT, 'scripts/install/install-hub.sh'), 'utf8')).toContain(`<type>_${HUB_SERVICE_TYPE}._tcp</type>`);
  });

  it('pair --code without --hub finds the one hub, shows its commune, and pairs', async () => {
    const dataDir = tmpDir('hub-');
    // on every address, as installed: the announcement carries the machine's LAN addresses
    const hub = spawn(path.join(ROOT, 'hub/bin/hub.mjs'), ['start', '--data-dir', dataDir, '--port', '0', '--host', '0.0.0.0', '--no-demo'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    hub.stdout.on('data', (d) => (out += d));
    const exited = new Promise((r) => hub.once('exit', r));
    try {
      const port = Number(await waitFor(() => /http:\/\/localhost:(\d+)\/kiosk/.exec(out)?.[1], 'the hub to listen', 30_000));
      announce(port, 'onestop hub on test');
      const counter = await addCounter(dataDir, 'Quầy 1');
      const code = await pairCode(dataDir, counter);
      const config = path.join(tmpDir('agent-'), 'agent.json');
      const r = await agent(['pair', '--code', code, '--config', config]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Tìm thấy / found: Xã Ví Dụ — http://[\\d.]+:${port}`));
      expect(r.stdout).toContain('Paired as');
      expect(JSON.parse(fs.readFileSync(config, 'utf8')).hubUrl).toMatch(new RegExp(`^http://[\\d.]+:${port}$`));
    } finally {
      hub.kill('SIGTERM');
      await exited;
    }
  }, 90_000);

  it('when two hubs answer and nobody can choose at a terminal, it lists them and asks for --hub; nothing is written', async () => {
    announce(18081, 'onestop hub on a');
    announce(18082, 'onestop hub on b');
    const config = path.join(tmpDir('agent-'), 'agent.json');
    const r = await agent(['pair', '--code', '12345678', '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1\. .*:18081\n\s+2\. .*:18082/);
    expect(r.stderr).toContain('2 hubs answered; choose one with --hub URL');
    expect(fs.existsSync(config)).toBe(false);
  }, 60_000);

  it('where multicast does not reach (the loopback interface has none), it fails with a clear message and the way round', async () => {
    announce(18083, 'onestop hub on c');
    const config = path.join(tmpDir('agent-'), 'agent.json');
    const r = await agent(['pair', '--code', '12345678', '--config', config, '--mdns-interface', '127.0.0.1', '--discover-timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hub not found: (no hub answered on the LAN \(mDNS\)|multicast \(mDNS\) is not available here)/);
    expect(r.stderr).toContain('--hub http://ADDRESS:8080');
    expect(fs.existsSync(config)).toBe(false);
  }, 60_000);

  it('refuses a bad discovery timeout', async () => {
    const r = await agent(['pair', '--code', '1', '--config', '/tmp/x.json', '--discover-timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--discover-timeout must be 1-60 seconds');
  });
});
