import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { issueLines, scaleSchema } from '@onestop/shared';

/** What `counter-agent pair` writes and `run` reads. Holds the device token: written with mode 0600. */
export const agentConfigSchema = z.object({
  hubUrl: z.string().url(),
  token: z.string().min(20),
  deviceId: z.string().min(1),
  counter: z.object({ id: z.string(), name: z.string() }),
  scale: scaleSchema,
  minIntervalS: z.number().optional(),
  /** a USB keypad's key → button map, written by hand for `run --input` (shared/src/keypad.ts checks it) */
  keypad: z.unknown().optional(),
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** A config the agent cannot run with; `reason` is a stable kebab-case code, printed and logged. */
export class AgentConfigError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function loadAgentConfig(file: string): AgentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AgentConfigError('config-unreadable', `cannot read config ${file}: ${(e as Error).message}. Pair first: counter-agent pair --hub URL --code CODE --config ${file}`);
  }
  const r = agentConfigSchema.safeParse(raw);
  if (!r.success) {
    throw new AgentConfigError('config-invalid', `config ${file} is invalid:\n${issueLines(r.error).map((l) => `  - ${l}`).join('\n')}`);
  }
  return r.data;
}

/** The `keypad` section of an existing config file, if any (a new pairing keeps it). */
export function readKeypadSection(file: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { keypad?: unknown }).keypad;
  } catch {
    return undefined;
  }
}

export function saveAgentConfig(file: string, cfg: AgentConfig): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The outbox sits beside the config unless told otherwise. */
export const defaultOutboxPath = (configFile: string) => configFile.replace(/\.json$/i, '') + '.outbox.sqlite';
