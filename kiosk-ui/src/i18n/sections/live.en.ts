import type { liveVi } from './live.vi';

/** The live page (/admin/live): English. */
export const liveEn: typeof liveVi = {
  title: 'Live view',
  today: (date) => `Today, ${date}`,
  connecting: 'Connecting…',
  reconnecting: 'Lost the connection to the hub, retrying…',
  noCounters: 'No counters yet.',
  total: 'Ratings',
  satisfaction: 'Satisfied',
  satisfactionHint: '(Very satisfied + Satisfied) / all ratings',
  flagged: 'Flagged',
  flaggedHint: 'Pressed too fast, left out of the figures',
  noValue: '—',
  lastRating: (time) => `Last rating at ${time}`,
  allCounters: 'All counters',
  devices: 'Devices',
  noDevices: 'No devices.',
  port: (path, open) => `Port ${path}: ${open ? 'open' : 'closed'}`,
  boxResponding: (yes) => (yes ? 'Button box responding' : 'Button box silent'),
  hello: (serial, firmware) => `HELLO: serial ${serial}, firmware ${firmware}`,
  noHello: 'No HELLO yet',
  lastBeat: (when) => `Last heartbeat: ${when}`,
  noBeat: 'No heartbeat yet',
  boxQueued: (n) => `${n} queued`,
  mode: { v1: 'protocol v1', raw: 'raw mode', simulated: 'simulated', keypad: 'USB keypad' },
};
