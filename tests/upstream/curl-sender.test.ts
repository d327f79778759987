import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir, type RunningHub } from '../helpers/procs.js';
import { addCommune, held, startReceiver, summary } from './receiver-procs.js';

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'send-summary.sh');

let rx: RunningHub;
let secret: string;
const dir = tmpDir('curl-sender-');

beforeAll(async () => {
  rx = await startReceiver();
  secret = await addCommune(rx.dataDir, '26734', 'Xã Ví Dụ');
}, 60_000);
afterAll(async () => {
  await rx?.stop();
});

/** Runs the shell sender; its first line is the status, the rest the body. */
async function send(date: string, revision: number, file: string, ts?: number, key = secret) {
  const args = [rx.url, '26734', key, date, String(revision), file, ...(ts ? [String(ts)] : [])];
  const { stdout } = await run('bash', [SCRIPT, ...args]);
  const [status, ...body] = stdout.trim().split('\n');
  return { status: Number(status), body: JSON.parse(body.join('\n')) };
}

describe('a sender written only from the contract (bash, curl, openssl)', () => {
  it('is accepted: stored, then duplicate; a wrong secret or an old timestamp is 401; the body is kept byte for byte', async () => {
    const file = path.join(dir, 'day.json');
    // pretty-printed, with a field the schema does not know, as a third party might send
    const raw = JSON.stringify({ ...summary('26734', 'Xã Ví Dụ', '2026-11-21'), vendor: { name: 'Phần mềm khác', version: '2.1' } }, null, 2) + '\n';
    fs.writeFileSync(file, raw);
    expect(await send('2026-11-21', 1, file)).toEqual({ status: 200, body: { status: 'stored' } });
    expect(await send('2026-11-21', 1, file)).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await send('2026-11-21', 1, file, undefined, 'wrong-secret')).toEqual({ status: 401, body: { status: 'error', reason: 'unauthorized' } });
    expect(await send('2026-11-21', 1, file, Math.floor(Date.now() / 1000) - 3600)).toEqual({ status: 401, body: { status: 'error', reason: 'unauthorized' } });
    const h = held(rx.dataDir).summaries;
    expect(h).toHaveLength(1);
    expect(h[0]!.body.equals(Buffer.from(raw, 'utf8'))).toBe(true);
  });

  it('a corrected day with the next revision is stored and becomes current', async () => {
    const file = path.join(dir, 'day2.json');
    fs.writeFileSync(file, JSON.stringify(summary('26734', 'Xã Ví Dụ', '2026-11-21', 2, { s5: 31 })));
    expect(await send('2026-11-21', 2, file)).toEqual({ status: 200, body: { status: 'stored' } });
    expect(held(rx.dataDir).current).toEqual([{ commune_code: '26734', day: '2026-11-21', revision: 2, ratings_total: 31 + 8 + 2 + 1 + 1 }]);
  });
});
