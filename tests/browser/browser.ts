import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tmpDir, waitFor } from '../helpers/procs.ts';


/** Types the code on the kiosk's on-screen keypad and pairs; resolves when the rating buttons show. */
export async function pairKioskWithKeypad(page: Page, hubUrl: string, code: string): Promise<void> {
  await page.goto(`${hubUrl}/kiosk`);
  await page.getByTestId('pair-screen').waitFor();
  const keypad = page.locator('.keypad');
  for (const d of code) await keypad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Ghép nối', exact: true }).click();
  await page.getByTestId('rate-screen').waitFor({ timeout: 15_000 });
}

/** Waits for the kiosk's staff status dot to show this state. */
export async function kioskStatus(page: Page, state: { online?: boolean; queued?: number }, timeout = 30_000): Promise<void> {
  let sel = '[data-testid="kiosk-status"]';
  if (state.online !== undefined) sel += `[data-online="${state.online}"]`;
  if (state.queued !== undefined) sel += `[data-queued="${state.queued}"]`;
  await page.locator(sel).waitFor({ timeout });
}

export interface RatingRow {
  id: string;
  score: number;
  source: string;
  reasons: string | null;
  flagged: number;
  device_id: string;
}

/** The hub's ratings, read from its SQLite file without writing to it. */
export function readRatings(dataDir: string): RatingRow[] {
  const db = new Database(path.join(dataDir, 'hub.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, score, source, reasons, flagged, device_id FROM ratings ORDER BY id').all() as RatingRow[];
  } finally {
    db.close();
  }
}

/** Waits until the hub holds at least `n` ratings, and returns them. */
export function waitForRatings(dataDir: string, n: number, timeoutMs = 20_000): Promise<RatingRow[]> {
  return waitFor(() => {
    const rows = readRatings(dataDir);
    return rows.length >= n ? rows : null;
  }, `${n} rating(s) in the hub database`, timeoutMs, 200);
}

/** Where screenshots for judging the design go: KIOSK_SCREENSHOT_DIR if set, else a fresh temp directory. */
let shots: string | null = null;
export function screenshotDir(): string {
  shots ??= process.env.KIOSK_SCREENSHOT_DIR ?? tmpDir('onestop-shots-');
  fs.mkdirSync(shots, { recursive: true });
  return shots;
}

/** Any read-only query on the hub's SQLite file (sms_messages, ratings, files…). */
export function queryDb<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'hub.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** JSON call to the hub with a session cookie; answers the envelope's data or throws with its reason. */
export async function hubCall<T>(hubUrl: string, cookie: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(hubUrl + p, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; data?: T; reason?: string; detail?: string };
  if (!json.ok) throw new Error(`${method} ${p}: ${json.reason} ${json.detail ?? ''}`);
  return json.data as T;
}

export const STAFF_PASSWORD = 'staff-password-for-tests';

/** A staff account made by the admin through the API; answers its id. */
export async function createStaff(hubUrl: string, adminCookie: string, username: string, displayName: string): Promise<string> {
  const r = await hubCall<{ user: { id: string } }>(hubUrl, adminCookie, 'POST', '/api/admin/users', { username, displayName, role: 'staff', password: STAFF_PASSWORD });
  return r.user.id;
}

/** Signs in on /counter at the named counter, as a person would with the form; resolves when the desk shows. */
export async function signInAtCounter(page: Page, hubUrl: string, counterName: string, username: string, password = STAFF_PASSWORD): Promise<void> {
  await page.goto(`${hubUrl}/counter`);
  const form = page.getByTestId('staff-login');
  await form.waitFor();
  await form.getByLabel('Quầy làm việc').selectOption({ label: counterName });
  await form.getByLabel('Tên đăng nhập').fill(username);
  await form.getByLabel('Mật khẩu').fill(password);
  await form.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByTestId('receive-form').waitFor();
}

/** Signs in on the admin page with the `admin` account. */
export async function adminSignIn(page: Page, hubUrl: string, password: string, at = '/admin'): Promise<void> {
  await page.goto(`${hubUrl}${at}`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByTestId('login-form').waitFor({ state: 'detached' });
}
