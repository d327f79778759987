/**
 * Issue 11, finding 6: a staff member could take a colleague's rating credit by signing in at a counter where the
 * colleague was on duty (the newest session won). One person on duty per counter now: the sign-in says who is there
 * and takes over only when confirmed; the other's duty ends (their page hears it live) and the audit log records it.
 * docs/decisions/0088-one-person-on-duty-per-counter.md.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { uuidv7, type Ack, type DutyEnded, type RatingAckData } from '@onestop/shared';
import { Client, connected, deviceSocket, pairDevice, STAFF_PW, startTestHub, type TestHub } from '../kit/index.js';
import { useBrowser } from '../kit/browser.js';
import { hubRows } from '../helpers/db.js';

let h: TestHub;
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  await h?.close();
});

const LAN = { username: 'lan', displayName: 'Nguyễn Thị Lan' };
const MINH = { username: 'minh', displayName: 'Trần Văn Minh' };

async function office() {
  h = await startTestHub();
  const counter = h.hub.services.counters.create({ name: 'Quầy Tư pháp', buttons: 4, minIntervalS: 3 });
  for (const u of [LAN, MINH]) await h.hub.services.auth.createUser({ ...u, role: 'staff', password: STAFF_PW });
  const kiosk = deviceSocket(h.url, (await pairDevice(h, counter.id, 'kiosk')).token);
  stops.push(() => kiosk.close());
  await connected(kiosk);
  /** a citizen rates at the counter's kiosk now (5 s after the last one); answers who got the credit */
  const rate = async (deviceTime = h.clock.now()) => {
    h.clock.advance(5000);
    const a = (await kiosk.timeout(5000).emitWithAck('rating:submit', { id: uuidv7(deviceTime), source: 'touch', score: 4, deviceTime })) as Ack<RatingAckData>;
    if (!a.ok) throw new Error(`rating refused: ${a.reason}`);
    return hubRows<{ staff_id: string | null }>(h.dataDir, 'SELECT staff_id FROM ratings WHERE id = ?', a.data.id)[0]!.staff_id;
  };
  const userId = (u: { username: string }) => h.hub.services.auth.userByName(u.username)!.id;
  return { counter, rate, userId };
}

/** The counter page's live channel: /staff with the session cookie. */
function staffSocket(client: Client): Socket {
  const s = connect(`${h.url}/staff`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: client.cookie! } });
  stops.push(() => s.close());
  return s;
}

describe('one person on duty per counter', () => {
  it('signing in at an occupied counter names who is there and changes nothing; the ratings stay with them', async () => {
    const { counter, rate, userId } = await office();
    const lan = new Client(h.url);
    expect((await lan.login(LAN.username, STAFF_PW, counter.id)).status).toBe(200);
    expect(await rate()).toBe(userId(LAN));

    h.clock.advance(60_000);
    const minh = new Client(h.url);
    const tried = await minh.login(MINH.username, STAFF_PW, counter.id);
    expect(tried.status).toBe(409);
    expect(tried.body).toMatchObject({ ok: false, reason: 'counter-occupied', onDuty: { displayName: LAN.displayName } });
    expect(minh.cookie).toBeNull();
    expect(h.hub.services.auth.staffOnDuty(counter.id)).toBe(userId(LAN));
    expect(await rate()).toBe(userId(LAN));
    expect((await lan.get<{ signedIn: boolean }>('/api/auth/session')).body.data?.signedIn).toBe(true);
    expect(hubRows(h.dataDir, "SELECT id FROM audit_log WHERE kind = 'duty'")).toEqual([]);

    // a wrong password learns nothing about who is there
    const wrong = await new Client(h.url).post('/api/auth/login', { username: MINH.username, password: 'not-the-password', counterId: counter.id });
    expect(wrong.body).toMatchObject({ ok: false, reason: 'unauthorized' });
    expect(JSON.stringify(wrong.body)).not.toContain(LAN.displayName);
    // the same person signing in again at their own counter is not asked
    expect((await new Client(h.url).login(LAN.username, STAFF_PW, counter.id)).status).toBe(200);
    // a takeOver that is not a boolean is refused as any bad body
    const bad = await new Client(h.url).post('/api/auth/login', { username: MINH.username, password: STAFF_PW, counterId: counter.id, takeOver: 'yes' });
    expect(bad.body).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('confirmed, the takeover ends the other duty at once (their page hears who), is audited, and moves the credit', async () => {
    const { counter, rate, userId } = await office();
    const lan = new Client(h.url);
    await lan.login(LAN.username, STAFF_PW, counter.id);
    const lanPage = staffSocket(lan);
    await connected(lanPage);
    const heard = new Promise<DutyEnded>((r) => lanPage.once('staff:duty-ended', r));
    const closed = new Promise<string>((r) => lanPage.once('disconnect', r));
    const beforeTakeOver = h.clock.now() + 1000;
    h.clock.advance(60_000);

    const minh = new Client(h.url);
    const took = await minh.post('/api/auth/login', { username: MINH.username, password: STAFF_PW, counterId: counter.id, takeOver: true });
    expect(took.status).toBe(200);
    expect(await heard).toEqual({ reason: 'taken-over', by: MINH.displayName });
    expect(await closed).toBe('io server disconnect');
    expect((await lan.get<{ signedIn: boolean }>('/api/auth/session')).body.data?.signedIn).toBe(false);
    expect(h.hub.services.auth.staffOnDuty(counter.id)).toBe(userId(MINH));

    const audit = hubRows<{ actor: string; action: string; target: string; before: string; after: string }>(h.dataDir, "SELECT actor, action, target, before, after FROM audit_log WHERE kind = 'duty'");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: MINH.username, action: 'take-over', target: counter.id });
    expect(JSON.parse(audit[0]!.before)).toEqual({ onDuty: [{ userId: userId(LAN), username: LAN.username, displayName: LAN.displayName }] });
    expect(JSON.parse(audit[0]!.after)).toEqual({ onDuty: [{ userId: userId(MINH), username: MINH.username, displayName: MINH.displayName }] });
    expect(hubRows<{ end_reason: string }>(h.dataDir, 'SELECT end_reason FROM sessions WHERE user_id = ? AND ended_at IS NOT NULL', userId(LAN))).toEqual([{ end_reason: 'taken-over' }]);

    // ratings made from now on are the new person's; one made before it, arriving late, stays with the one on duty then
    expect(await rate()).toBe(userId(MINH));
    expect(await rate(beforeTakeOver)).toBe(userId(LAN));
  });
});

describe('the counter page', () => {
  const b = useBrowser();

  it('asks before taking over an occupied counter, and the colleague’s page shows who took over', async () => {
    const { counter, userId } = await office();
    const lanPage = (await b.page()).page;
    const minhPage = (await b.page()).page;
    const signIn = async (page: typeof lanPage, username: string) => {
      await page.goto(`${h.url}/counter`);
      const form = page.getByTestId('staff-login');
      await form.getByLabel('Quầy làm việc').selectOption({ label: counter.name });
      await form.getByLabel('Tên đăng nhập').fill(username);
      await form.getByLabel('Mật khẩu').fill(STAFF_PW);
      await form.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    };
    await signIn(lanPage, LAN.username);
    await lanPage.getByTestId('staff-name').getByText(LAN.displayName).waitFor();

    await signIn(minhPage, MINH.username);
    const dialog = minhPage.getByTestId('take-over-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`${LAN.displayName} đang trực tại ${counter.name}`);
    // cancel: nothing changes
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(h.hub.services.auth.staffOnDuty(counter.id)).toBe(userId(LAN));

    await minhPage.getByTestId('staff-login').getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await dialog.getByRole('button', { name: 'Nhận ca' }).click();
    await minhPage.getByTestId('staff-name').getByText(MINH.displayName).waitFor();
    // the colleague's page learns it live, in Vietnamese, and is back at the sign-in form
    await lanPage.getByTestId('login-hint').getByText(`${MINH.displayName} đã nhận ca tại quầy này. Ca trực của bạn đã kết thúc.`).waitFor();
    await lanPage.getByTestId('staff-login').waitFor();
    expect(h.hub.services.auth.staffOnDuty(counter.id)).toBe(userId(MINH));
  });
});
