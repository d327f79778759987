import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { hubCli, lastLine, startHub, tmpDir, waitFor, type RunningHub } from '../helpers/procs.js';
import { hubRows } from '../helpers/db.js';
import { TwilioStandIn, type Fault } from './twilio-standin.js';

/**
 * A power cut between a file's transition and its SMS: the hub process is killed with SIGKILL after "ready" was
 * committed (with its message in the outbox) and while the gateway call is in the air. After the restart the citizen
 * gets the SMS exactly once: the outbox still has it, and the ambiguous attempt is looked up at the gateway first.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function hubWithTwilio(twilio: TwilioStandIn, dataDir = tmpDir('sms-crash-')): Promise<RunningHub> {
  fs.writeFileSync(
    path.join(dataDir, 'hub.config.json'),
    JSON.stringify({
      commune: { code: '26734', name: 'UBND xã Ví Dụ' },
      sms: {
        gateway: 'twilio',
        // a commune's contact phone: without one, citizen messages are held (issue 14 §1)
        contactPhone: '0210 3800 000',
        quietHours: '',
        lookupAfterMs: 500,
        // the "ready" SMS goes at once: no clerk's undo window to wait out (tests/sms/one-part-and-undo.test.ts has it)
        undoSeconds: 0,
        requestTimeoutMs: 60_000,
        twilio: { accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006', apiBase: twilio.url },
      },
    }),
  );
  const hub = await startHub({ dataDir });
  cleanups.push(() => hub.kill());
  return hub;
}

async function api(hub: RunningHub, token: string, method: string, p: string, body: unknown) {
  const res = await fetch(hub.url + p, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function readyFileThenCrash(fault: Fault, waitUntil: (t: TwilioStandIn) => boolean) {
  const twilio = new TwilioStandIn();
  await twilio.start();
  cleanups.push(() => twilio.stop());
  const hub = await hubWithTwilio(twilio);
  const token = lastLine(await hubCli(['token', 'add', '--name', 'một cửa tỉnh', '--data-dir', hub.dataDir]));
  expect((await api(hub, token, 'POST', '/api/v1/procedures', { code: 'HT-KS', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1 })).status).toBe(201);
  expect((await api(hub, token, 'POST', '/api/v1/files', { code: 'HS-0001', procedureCode: 'HT-KS', citizenName: 'Nguyễn Văn An', phone: '0912 345 678' })).status).toBe(201);
  twilio.fail(fault);
  expect((await api(hub, token, 'POST', '/api/v1/files/HS-0001/status', { status: 'ready' })).status).toBe(200);
  await waitFor(() => waitUntil(twilio), 'the gateway call to be in the air');
  await hub.kill();
  return { twilio, hub };
}

const readyMessages = (dataDir: string) => hubRows<{ status: string; gateway_message_id: string | null }>(dataDir, "SELECT status, gateway_message_id FROM sms_messages WHERE kind = 'ready'");

describe('SMS across a power cut', () => {
  it('killed while the gateway had not taken the message: after restart it is sent once', async () => {
    const { twilio, hub } = await readyFileThenCrash({ type: 'hang' }, (t) => t.requests.some((r) => r.method === 'POST'));
    expect(twilio.sentTo('+84912345678')).toHaveLength(0);
    const back = await hubWithTwilio(twilio, hub.dataDir);
    await waitFor(() => readyMessages(back.dataDir)[0]?.status === 'sent', 'the message sent after restart', 30_000);
    // a wrong second send could only come from this hub's SMS worker: a polite stop ends it (after what it has in
    // flight), so what the gateway holds now is all this run will ever send
    await back.stop();
    expect(twilio.sentTo('+84912345678')).toHaveLength(1);
    expect(twilio.sentTo('+84912345678')[0]!.body).toContain('HS-0001');
  });

  it('killed after the gateway took the message but before the answer came back: after restart it is found, not sent again', async () => {
    const { twilio, hub } = await readyFileThenCrash({ type: 'accept-then-hang' }, (t) => t.sentTo('+84912345678').length === 1);
    const back = await hubWithTwilio(twilio, hub.dataDir);
    await waitFor(() => readyMessages(back.dataDir)[0]?.status === 'sent', 'the message settled after restart', 30_000);
    await back.stop();
    expect(twilio.sentTo('+84912345678')).toHaveLength(1);
    expect(readyMessages(back.dataDir)[0]!.gateway_message_id).toBe(twilio.sentTo('+84912345678')[0]!.sid);
  });
});
