import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../kit/index.js';
import { at, senderHub, standIn, type SenderHub } from '../upstream/sender.helpers.js';

let hub: SenderHub | null = null;
let stand: Awaited<ReturnType<typeof standIn>> | null = null;
afterEach(async () => {
  await hub?.close();
  await stand?.close();
  hub = null;
  stand = null;
});

const open = () => hub!.db.prepare("SELECT detail FROM alerts WHERE kind = 'upstream' AND cleared_at IS NULL").all() as { detail: string }[];
const all = () => hub!.db.prepare("SELECT COUNT(*) AS n FROM alerts WHERE kind = 'upstream'").get() as { n: number };

describe('the upstream upload alert (read from the upstream sender each minute)', () => {
  it('raised once when a daily summary keeps failing upstream, cleared by the next accepted send', async () => {
    stand = await standIn();
    let down = true;
    stand.answer(() => (down ? { status: 503, body: { status: 'error', reason: 'maintenance' } } : { status: 200, body: { status: 'stored' } }));
    const clock = new TestClock(at('2026-11-21', 9));
    hub = await senderHub({ clock, url: stand.url });
    await hub.rate(5, at('2026-11-21', 9));
    clock.t = at('2026-11-22', 1);
    const alerts = hub.hub.services.alerts;
    const attempts = () => hub!.rows()[0]?.attempts ?? 0;
    // rounds an hour apart, the alert check after each, as the jobs would run them
    for (let round = 0; round < 12 && attempts() < 2; round++) {
      await hub.hub.services.upstream.runOnce();
      alerts.checkAll();
      clock.advance(3_600_000);
    }
    expect(attempts()).toBe(2);
    expect(open()).toEqual([]); // two failures: under the default three
    for (let round = 0; round < 12 && attempts() < 5; round++) {
      await hub.hub.services.upstream.runOnce();
      alerts.checkAll();
      clock.advance(3_600_000);
    }
    expect(open()).toHaveLength(1);
    expect(open()[0]!.detail).toMatch(/^Gửi báo cáo ngày 21\/11\/2026 lên cấp trên không thành công sau [345] lần/);
    expect(all().n).toBe(1); // still failing: the same alert, not one per check

    down = false;
    for (let round = 0; round < 12 && hub.rows()[0]!.status !== 'sent'; round++) {
      clock.advance(3_600_000);
      await hub.hub.services.upstream.runOnce();
    }
    expect(hub.rows()[0]!.status).toBe('sent');
    alerts.checkAll();
    expect(open()).toEqual([]);
    expect(all().n).toBe(1);
  });
});
