/**
 * The one client the benchmark uses against both the bare socket.io server (baseline A) and the hub, so the two
 * figures differ only by what the server does. It connects the way the counter agent does (socket.io-client,
 * websocket transport, token in the handshake) and sends `rating:submit` with an ack, one at a time per socket.
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { uuidv7, type Ack, type RatingAckData } from '@onestop/shared';

export type DeviceSocket = Socket;

export async function connectDevice(url: string, token: string, timeoutMs = 10_000): Promise<DeviceSocket> {
  const socket = io(new URL('/device', url).toString(), {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`socket connect to ${url} timed out`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
    socket.once('connect_error', (err: Error & { data?: { reason?: string } }) => {
      clearTimeout(t);
      socket.close();
      reject(new Error(`socket refused: ${err.data?.reason ?? err.message}`));
    });
  });
  return socket;
}

export interface PressResult {
  ms: number;
  ack: Ack<RatingAckData>;
}

/** One press: a fresh UUIDv7 event, timed from just before emit to the ack's arrival. */
export async function press(socket: DeviceSocket, ackTimeoutMs = 10_000): Promise<PressResult> {
  const event = { id: uuidv7(), source: 'button', button: 1, deviceTime: Date.now() };
  const t0 = performance.now();
  const ack = (await socket.timeout(ackTimeoutMs).emitWithAck('rating:submit', event)) as Ack<RatingAckData>;
  return { ms: performance.now() - t0, ack };
}

export interface RunStats {
  latencies: number[];
  acked: number;
  /** acks with ok:false, by reason */
  refused: Record<string, number>;
  duplicates: number;
  flagged: number;
  elapsedMs: number;
}

function tally(s: RunStats, r: PressResult): void {
  s.latencies.push(r.ms);
  if (r.ack.ok) {
    s.acked++;
    if (r.ack.data.duplicate) s.duplicates++;
    if (r.ack.data.flagged) s.flagged++;
  } else {
    s.refused[r.ack.reason] = (s.refused[r.ack.reason] ?? 0) + 1;
  }
}

const emptyStats = (): RunStats => ({ latencies: [], acked: 0, refused: {}, duplicates: 0, flagged: 0, elapsedMs: 0 });

/**
 * Presses one at a time: `count` presses, or fewer if `maxMs` runs out first. Given several sockets, the presses go
 * to each in turn (still one at a time), so no device exceeds the hub's per-device allowance (0086).
 */
export async function sequential(sockets: DeviceSocket | DeviceSocket[], count: number, maxMs: number): Promise<RunStats> {
  const list = Array.isArray(sockets) ? sockets : [sockets];
  const s = emptyStats();
  const t0 = performance.now();
  const until = t0 + maxMs;
  for (let i = 0; i < count && performance.now() < until; i++) tally(s, await press(list[i % list.length]!));
  s.elapsedMs = performance.now() - t0;
  return s;
}

/**
 * Closed loop: every lane sends, awaits its ack, sends the next, until `durationMs` is over. A lane is one socket,
 * or several taken in turn: one press in flight per lane, each device pressing only every n-th time, so many
 * devices share the load and each stays within the hub's per-device allowance (decision 0086).
 */
export async function sustained(lanes: (DeviceSocket | DeviceSocket[])[], durationMs: number): Promise<RunStats> {
  const s = emptyStats();
  const t0 = performance.now();
  const until = t0 + durationMs;
  await Promise.all(
    lanes.map(async (lane) => {
      const list = Array.isArray(lane) ? lane : [lane];
      for (let i = 0; performance.now() < until; i++) tally(s, await press(list[i % list.length]!));
    }),
  );
  s.elapsedMs = performance.now() - t0;
  return s;
}

/** `sockets` dealt into `n` lanes of equal size (sockets[i] goes to lane i mod n). */
export function lanesOf(sockets: DeviceSocket[], n: number): DeviceSocket[][] {
  const lanes: DeviceSocket[][] = Array.from({ length: n }, () => []);
  sockets.forEach((s, i) => lanes[i % n]!.push(s));
  return lanes;
}

/** Bytes a process caused to be written to storage so far (`write_bytes` of /proc/PID/io); null once it is gone. */
export function writeBytesOf(pid: number): number | null {
  try {
    const m = /^write_bytes:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Nearest-rank percentile (p in 0..1) of an unsorted sample, in its unit. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** VmRSS and VmHWM (peak) of a process in MB, from /proc; null once it is gone. */
export function memOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const txt = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(txt)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples a process's memory every `everyMs` until stopped; returns the highest VmRSS seen and the last VmHWM. */
export function sampleMem(pid: number, everyMs = 100): { stop(): { peakRssMb: number; hwmMb: number; lastRssMb: number } } {
  let peak = 0;
  let hwm = 0;
  let last = 0;
  const take = () => {
    const m = memOf(pid);
    if (!m) return;
    peak = Math.max(peak, m.rssMb);
    hwm = Math.max(hwm, m.hwmMb);
    last = m.rssMb;
  };
  take();
  const t = setInterval(take, everyMs);
  return {
    stop() {
      take();
      clearInterval(t);
      return { peakRssMb: peak, hwmMb: hwm, lastRssMb: last };
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms; null once it is gone. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may hold spaces
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
}
