import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config.js';
import { loadEnvFile } from './envFile.js';

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'envfile-'));

describe('the service environment file for one-off commands', () => {
  it('the default file, when present, gives its variables, not over those already set, and skips what is no variable', () => {
    const dir = scratch();
    const file = path.join(dir, 'hub.env');
    fs.writeFileSync(file, '# comment\n; systemd comment\nnot a variable\nSMS_GATEWAY=kannel\nKANNEL_PASSWORD="p w"\nUPSTREAM_URL=https://tinh.example.vn\n');
    const env: NodeJS.ProcessEnv = { UPSTREAM_URL: 'https://set.example.vn' };
    const r = loadEnvFile(undefined, env, file) as { file: string; names: string[] };
    expect({ file: r.file, names: [...r.names].sort() }).toEqual({ file, names: ['KANNEL_PASSWORD', 'SMS_GATEWAY'] });
    expect(env).toEqual({ SMS_GATEWAY: 'kannel', KANNEL_PASSWORD: 'p w', UPSTREAM_URL: 'https://set.example.vn' });
    fs.rmSync(dir, { recursive: true });
  });

  it('no default file: nothing read, nothing said; an explicit file that cannot be read is a configuration error', () => {
    const dir = scratch();
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(undefined, env, path.join(dir, 'absent.env'))).toEqual({ file: null });
    expect(env).toEqual({});
    expect(() => loadEnvFile(path.join(dir, 'absent.env'), env)).toThrow(ConfigError);
    // a directory in place of the file: there, but not readable as one
    expect(loadEnvFile(undefined, env, dir)).toMatchObject({ file: null, unreadable: dir, reason: 'EISDIR' });
    fs.rmSync(dir, { recursive: true });
  });
});
