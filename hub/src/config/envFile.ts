import fs from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from './config.js';

/** Where the installer keeps the hub's secrets (SMS gateway, upstream key); systemd hands them to the running hub. */
export const DEFAULT_ENV_FILE = '/etc/onestop/hub.env';

export type EnvFileLoad =
  | { file: string; names: string[] }
  /** the default file is absent: nothing to read */
  | { file: null }
  /** the default file is there but this account cannot read it */
  | { file: null; unreadable: string; reason: string };

/**
 * The service's environment file for a one-off command (hub doctor, hub sms test, hub upstream …), which systemd
 * alone reads for the running hub (EnvironmentFile=): its NAME=value lines go into `env`, never over a variable
 * already set, so a variable given on the command line wins (to try another key before writing it). `explicit` (--hub-env)
 * must be readable; without it the default file is read when it exists and this account may read it.
 */
export function loadEnvFile(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, fallback = DEFAULT_ENV_FILE): EnvFileLoad {
  const file = explicit ?? fallback;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (explicit !== undefined) throw new ConfigError(`--hub-env ${file}: cannot be read (${code})`);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { file: null };
    return { file: null, unreadable: file, reason: code };
  }
  // systemd's ";" comments, and lines with no "=", which Node's parser would join to the next line's name
  const lines = text.split(/\r?\n/).filter((l) => !/^\s*;/.test(l) && (l.includes('=') || /^\s*(#.*)?$/.test(l)));
  const names: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(lines.join('\n')))) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || value === undefined || env[name] !== undefined) continue;
    env[name] = value;
    names.push(name);
  }
  return { file, names };
}
