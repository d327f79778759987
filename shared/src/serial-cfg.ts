/**
 * `$CFG,<serial>,<buttons>*CS`: the maker's one-time command that writes a box's serial number and button count
 * into its EEPROM (agreed with the firmware, counter-agent/firmware/). It is an extra v1 sentence type: v1 devices and
 * agents ignore unknown types. The box answers with `$HELLO` (new values) then `$BEAT`; a bad `$CFG` is ignored.
 * Kept beside the v1 codec rather than in it: only `counter-agent probe` sends it, and the agent never acts on it.
 */
import { checksum, MAX_SENTENCE_BYTES } from './serial.js';

export interface CfgSentence {
  serial: string;
  buttons: number;
}

export const BOX_SERIAL_RE = /^[A-Za-z0-9-]{1,16}$/;

/** Why a serial or button count cannot be written to a box; null when it can. */
export function checkCfg(c: CfgSentence): 'bad-serial' | 'bad-button-count' | null {
  if (!BOX_SERIAL_RE.test(c.serial)) return 'bad-serial';
  if (!Number.isInteger(c.buttons) || c.buttons < 2 || c.buttons > 5) return 'bad-button-count';
  return null;
}

export function formatCfg(c: CfgSentence): string {
  const bad = checkCfg(c);
  if (bad) throw new Error(`cannot format CFG: ${bad}`);
  const body = `CFG,${c.serial},${c.buttons}`;
  return `$${body}*${checksum(body)}\r\n`;
}

/** Parses a `$CFG` line (as a box would); null for anything else or anything the box must ignore. */
export function parseCfg(line: string): CfgSentence | null {
  const s = line.replace(/\r?\n$/, '');
  const m = /^\$(CFG,([^,*]*),([0-9]))\*([0-9A-Fa-f]{2})$/.exec(s);
  if (!m || s.length > MAX_SENTENCE_BYTES || checksum(m[1]!) !== m[4]!.toUpperCase()) return null;
  const c = { serial: m[2]!, buttons: Number(m[3]) };
  return checkCfg(c) ? null : c;
}
