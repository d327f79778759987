import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { dayBounds, localDay, uuidv7 } from '@onestop/shared';
import { AGENT_BIN, HUB_BIN, ROOT, addCounter, hubCli, lastLine, pairCode, startHub, tmpDir } from './helpers/procs.js';
import { connected, deviceSocket } from './kit/index.js';

const run = promisify(execFile);
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/contracts/daily-summary.v1.schema.json'), 'utf8'));
// both are CommonJS modules whose default export sits on .default under Node's ESM interop
const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
const formats = (addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats;
const ajv = new Ajv({ allErrors: true, strict: false });
formats(ajv);
const validate = ajv.compile(schema);

async function fails(bin: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, cwd: ROOT });
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
  throw new Error('expected the command to fail');
}

describe('hub command line', () => {
  it('--help for both commands', async () => {
    expect(await hubCli(['--help'])).toContain('hub counter add --name NAME');
    const { stdout } = await run(process.execPath, [AGENT_BIN, '--help']);
    expect(stdout).toContain('counter-agent run --config FILE --port PATH');
  });

  it('counter add prints the id alone on its last line, pair-code a one-time code, without a running hub', async () => {
    const dir = tmpDir();
    const out = await hubCli(['counter', 'add', '--name', 'Quầy 1', '--buttons', '3', '--min-interval-s', '5', '--data-dir', dir]);
    const id = lastLine(out);
    expect(id).toMatch(/^q-[0-9a-f]{8}$/);
    expect(await hubCli(['counter', 'list', '--data-dir', dir])).toContain(`${id}\tQuầy 1\t3 nút\t5 s`);
    const code = await pairCode(dir, id);
    expect(code).toMatch(/^\d{8}$/);
  });

  it('refuses bad arguments with a clear message and changes nothing', async () => {
    const dir = tmpDir();
    expect(await fails(HUB_BIN, ['counter', 'add', '--name', 'X', '--buttons', '7', '--data-dir', dir])).toMatchObject({ code: 1, stderr: expect.stringContaining('invalid-payload') });
    expect(await fails(HUB_BIN, ['counter', 'add', '--data-dir', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('--name') });
    expect(await fails(HUB_BIN, ['pair-code', '--counter', 'q-nothere', '--data-dir', dir])).toMatchObject({ code: 1, stderr: expect.stringContaining('counter-not-found') });
    expect(await fails(HUB_BIN, ['summary', '--date', '2026-02-30', '--data-dir', dir])).toMatchObject({ code: 2 });
    expect(await fails(HUB_BIN, ['frobnicate'])).toMatchObject({ code: 2 });
    expect(await hubCli(['counter', 'list', '--data-dir', dir])).toBe('');
  });

  it('a bad config file stops the start with a readable message naming the field', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'hub.config.json'), JSON.stringify({ port: 'eighty', commune: { code: 'bad code!', name: 'X' } }));
    const r = await fails(HUB_BIN, ['start', '--data-dir', dir, '--no-demo']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('port');
    expect(r.stderr).toContain('commune.code');
    fs.writeFileSync(path.join(dir, 'hub.config.json'), '{ not json');
    expect((await fails(HUB_BIN, ['start', '--data-dir', dir, '--no-demo'])).stderr).toContain('not valid JSON');
  });

  it('masks secrets in the start-up log', async () => {
    const hub = await startHub({ env: { LOG_LEVEL: 'info', HUB_ADMIN_PASSWORD: 'a-very-secret-pw' } });
    try {
      await expect.poll(() => hub.output(), { timeout: 15_000 }).toContain('"adminPassword":"***"');
      expect(hub.output()).not.toContain('a-very-secret-pw');
    } finally {
      await hub.stop();
    }
  });

  it('summary prints only the day\'s JSON, valid against the contract schema, whether or not the hub runs', async () => {
    const hub = await startHub({ env: { COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' } });
    try {
      // no minimum interval: these ratings arrive live, one right after another, and a live rating must keep the
      // interval on the hub's receive time too (decision 0086); the flag's own figures are tested in summary-figures
      const counterId = await addCounter(hub.dataDir, 'Quầy 1', { buttons: 4, minIntervalS: 0 });
      const code = await pairCode(hub.dataDir, counterId);
      const res = await fetch(`${hub.url}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'agent' }) });
      const { token } = ((await res.json()) as { data: { token: string } }).data;
      const s = deviceSocket(hub.url, token);
      await connected(s);
      // three days ago, local: 09:00:00, 09:00:01, 10:00 with a reason; and one just after midnight (the next day)
      const day = localDay(Date.now() - 3 * 86_400_000);
      const { start } = dayBounds(day);
      const at = (h: number, sec = 0) => start + h * 3600_000 + sec * 1000;
      for (const [t, button, reasons] of [[at(9), 1], [at(9, 1), 4], [at(10), 4, ['waiting-time']], [at(24, 30), 2]] as [number, number, string[]?][]) {
        const ack = await s.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(t), source: 'button', button, deviceTime: t, ...(reasons ? { reasons } : {}) });
        expect(ack.ok).toBe(true);
      }
      s.close();
      const env = { COMMUNE_CODE: '26734', COMMUNE_NAME: 'Xã Ví Dụ' };
      const out = await hubCli(['summary', '--date', day, '--data-dir', hub.dataDir], env);
      const summary = JSON.parse(out);
      expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
      expect(summary).toMatchObject({ schema: 'one-stop-daily-summary/1', commune: { code: '26734', name: 'Xã Ví Dụ' }, date: day, revision: 1 });
      expect(summary.ratings).toEqual({
        total: 3,
        byScore: { '5': 1, '4': 0, '3': 0, '2': 2, '1': 0 },
        flagged: 0,
        byCounter: [{ counter: 'Quầy 1', total: 3, byScore: { '5': 1, '4': 0, '3': 0, '2': 2, '1': 0 } }],
        reasons: { 'waiting-time': 1 },
      });
      expect(summary.files).toEqual({ received: 0, ready: 0, returned: 0, late: 0, apologies: 0, openAtEndOfDay: 0 });
      // the device was paired today, after that day ended: it was not configured then, but its ratings show it was seen
      expect(summary.devices).toEqual({ configured: 0, seenToday: 1 });
      await hub.stop();
      const offline = JSON.parse(await hubCli(['summary', '--date', day, '--data-dir', hub.dataDir], env));
      expect({ ...offline, generatedAt: 0 }).toEqual({ ...summary, generatedAt: 0 });
    } finally {
      await hub.stop();
    }
  });
});
