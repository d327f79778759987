/**
 * Button box latency: `npm run bench:box` (docs/performance.md).
 *
 * The firmware runs in simavr (counter-agent/firmware/sim/box-sim.c) paced to the wall clock, on a pty held by a real
 * counter agent with a real hub behind it. For each baud rate, PRESSES presses one after another, each measured in
 * simulated time from the button's edge:
 *   press_to_ack_ms  to the last byte of its $ACK reaching the box's UART
 *   press_to_led_ms  to the button's LED lighting ("cảm ơn")
 * beside the wire floor: the bytes of that $PRESS and $ACK at 10 bits a byte (a real UART) and at 11 (simavr's frame).
 * Above the floor lie edge_to_press_out_ms (debounce, 2 ms, and the firmware's loop) and agent_turnaround_ms (from
 * the $PRESS's last byte leaving the box to the $ACK's first byte arriving: the pty and the agent durably queueing
 * the press).
 *
 * Prints one JSON object. Everything it starts is stopped at the end or on failure.
 */
import { startHub, waitFor, type RunningHub } from '../../tests/helpers/procs.ts';
import { counterWithBoxSim } from '../../tests/helpers/box-counter.ts';
import { loadFields } from './quiet.ts';

const PRESSES = Number(process.env.BENCH_BOX_PRESSES ?? 20);
const BAUDS = [9600, 115200];
const TARGET_LED_MS_AT_9600 = 40;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number) => Math.round(x * 100) / 100;
const summary = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), max: round(Math.max(...xs)) });

async function run(hub: RunningHub, baud: number, cleanups: (() => Promise<unknown>)[]) {
  const c = await counterWithBoxSim(hub, cleanups, { buttons: 4, baud });
  const toAck: number[] = [];
  const toLed: number[] = [];
  const inBox: number[] = []; // edge to the first byte of $PRESS: debounce and the main loop
  const atAgent: number[] = []; // last byte of $PRESS out to the first byte of $ACK in: the agent and the pty
  let bytes = 0;
  const litAt: Record<number, number> = {};
  for (let i = 0; i < PRESSES; i++) {
    const button = (i % 4) + 1;
    // a LED still lit from this button's last press cannot light again: wait until it is dark
    if (litAt[button] !== undefined) await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === `${button} off`, `LED ${button} off`, { from: litAt[button] });
    const from = c.sim.events.length;
    c.sim.press(button);
    const lit = await c.sim.waitEvent((e) => e.kind === 'led' && e.arg === `${button} on`, `LED ${button} on`, { from });
    litAt[button] = c.sim.events.indexOf(lit);
    const edge = c.sim.events.slice(from).find((e) => e.kind === 'press')!;
    const ack = c.sim.lines('rx', '$ACK,', from)[0]!;
    const press = c.sim.lines('tx', '$PRESS,', from)[0]!;
    if (c.sim.lines('tx', '$PRESS,', from).length !== 1) throw new Error(`press ${i} was sent more than once: the bench measures first tries only`);
    const frame = (11 * 1000) / baud;
    inBox.push(press.t - edge.t - (press.arg.length + 2) * frame);
    atAgent.push(ack.t - press.t - (ack.arg.length + 2) * frame);
    toAck.push(ack.t - edge.t);
    toLed.push(lit.t - edge.t);
    bytes = press.arg.length + 2 + ack.arg.length + 2; // each with its CR LF
  }
  await waitFor(() => (c.ratings().length === PRESSES ? true : null), `${PRESSES} ratings at the hub`, 30_000);
  return {
    baud,
    presses: PRESSES,
    press_to_ack_ms: summary(toAck),
    press_to_led_ms: summary(toLed),
    edge_to_press_out_ms: summary(inBox),
    agent_turnaround_ms: summary(atAgent),
    wire_bytes: bytes,
    wire_floor_ms: round((bytes * 10 * 1000) / baud),
    wire_floor_sim_ms: round((bytes * 11 * 1000) / baud),
  };
}

async function main() {
  const hub = await startHub();
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const runs = [];
    for (const baud of BAUDS) {
      runs.push(await run(hub, baud, cleanups));
      for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
    }
    const at9600 = runs.find((r) => r.baud === 9600)!;
    console.log(
      JSON.stringify({
        bench: 'box',
        clock: 'simulated (simavr, 16 MHz, paced to the wall clock)',
        debounce_ms: 2,
        runs,
        target: {
          press_to_led_ms_at_9600: TARGET_LED_MS_AT_9600,
          p50_met: at9600.press_to_led_ms.p50 <= TARGET_LED_MS_AT_9600,
          p95_met: at9600.press_to_led_ms.p95 <= TARGET_LED_MS_AT_9600,
        },
        ...loadFields(),
      }),
    );
  } finally {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
    await hub.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
