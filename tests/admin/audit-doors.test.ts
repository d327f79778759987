import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, startTestHub, type TestHub } from '../kit/index.js';
import { ADMIN_PASSWORD, hubCli, lastLine, startHub, tmpDir } from '../helpers/procs.js';

/**
 * Every administrative change is audited whatever door it comes through (issue 11, finding 11): the API for other
 * software (`/api/v1/procedures`) and the command line (`hub user …`, `hub token …`), not only the admin pages.
 */
let h: TestHub | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

type Row = { actor: string; kind: string; action: string; target: string | null; before: string | null; after: string | null };
const rows = (db: Database.Database) => db.prepare('SELECT actor, kind, action, target, before, after FROM audit_log ORDER BY id').all() as Row[];

describe('changes made through the API for other software', () => {
  it('a procedure created or replaced with a token is audited under the token’s name; a refused one is not', async () => {
    h = await startTestHub();
    const { token } = h.hub.services.apiTokens.create({ name: 'Một cửa tỉnh' });
    const api = new Client(h.url, { authorization: `Bearer ${token}` });
    const p = { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0, fee: 0 };
    expect((await api.post('/api/v1/procedures', p)).status).toBe(201);
    expect((await api.post('/api/v1/procedures', p)).status).toBe(409);
    expect((await api.post('/api/v1/procedures', { ...p, code: 'X 1' })).status).toBe(400);
    expect((await api.call('PUT', '/api/v1/procedures/1.001193', { ...p, processingDays: 2 })).status).toBe(200);
    const audit = rows(h.db);
    expect(audit.map(({ actor, kind, action, target }) => ({ actor, kind, action, target }))).toEqual([
      { actor: 'api-token:Một cửa tỉnh', kind: 'procedure', action: 'create', target: '1.001193' },
      { actor: 'api-token:Một cửa tỉnh', kind: 'procedure', action: 'replace', target: '1.001193' },
    ]);
    expect(JSON.parse(audit[1]!.before!)).toMatchObject({ processingDays: 0 });
    expect(JSON.parse(audit[1]!.after!)).toMatchObject({ processingDays: 2 });
  });
});

describe('changes made on the command line', () => {
  it('hub user add / disable and hub token add / revoke are audited by the actor "cli", with no secret in the log', async () => {
    const dataDir = tmpDir('audit-cli-');
    const password = lastLine(await hubCli(['user', 'add', '--username', 'lan', '--role', 'staff', '--name', 'Nguyễn Thị Lan', '--data-dir', dataDir]));
    await hubCli(['user', 'disable', '--username', 'lan', '--data-dir', dataDir]);
    const token = lastLine(await hubCli(['token', 'add', '--name', 'phần mềm tỉnh', '--data-dir', dataDir]));
    const db = new Database(path.join(dataDir, 'hub.sqlite'), { readonly: true });
    try {
      const tokenId = (db.prepare('SELECT id FROM api_tokens').get() as { id: string }).id;
      await hubCli(['token', 'revoke', '--id', tokenId, '--data-dir', dataDir]);
      const audit = rows(db);
      expect(audit.map(({ actor, kind, action, target }) => ({ actor, kind, action, target }))).toEqual([
        { actor: 'cli', kind: 'account', action: 'create', target: 'lan' },
        { actor: 'cli', kind: 'account', action: 'disable', target: 'lan' },
        { actor: 'cli', kind: 'api-token', action: 'create', target: tokenId },
        { actor: 'cli', kind: 'api-token', action: 'revoke', target: tokenId },
      ]);
      expect(JSON.parse(audit[1]!.after!)).toMatchObject({ username: 'lan', disabled: true });
      const text = JSON.stringify(audit);
      expect(text).not.toContain(password);
      expect(text).not.toContain(token.slice(4));
    } finally {
      db.close();
    }
  });
});

describe('changes the hub makes itself', () => {
  it('the first administrator, made at the first start, is audited by the actor "system" with no password; a second start adds nothing', async () => {
    const dataDir = tmpDir('audit-first-admin-');
    for (let start = 0; start < 2; start++) {
      const hub = await startHub({ dataDir }); // with HUB_ADMIN_PASSWORD set
      await hub.stop();
    }
    const db = new Database(path.join(dataDir, 'hub.sqlite'), { readonly: true });
    try {
      const audit = rows(db);
      expect(audit.map(({ actor, kind, action, target }) => ({ actor, kind, action, target }))).toEqual([{ actor: 'system', kind: 'account', action: 'create', target: 'admin' }]);
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ username: 'admin', role: 'admin', disabled: false });
      expect(JSON.stringify(audit)).not.toContain(ADMIN_PASSWORD);
    } finally {
      db.close();
    }
  });
});
