export interface Answer<T = unknown> {
  status: number;
  body: { ok: boolean; data?: T; reason?: string; detail?: string };
  headers: Headers;
}

/** An HTTP client that keeps the session cookie, as a browser tab would. */
export class Client {
  cookie: string | null = null;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async call<T = unknown>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + p, { method, headers: h, body: payload, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('hub_session=')) {
      const v = set.split(';')[0]!;
      this.cookie = v === 'hub_session=' ? null : v;
    }
    const text = await res.text();
    let parsed: Answer<T>['body'];
    try {
      parsed = JSON.parse(text) as Answer<T>['body'];
    } catch {
      parsed = { ok: false, detail: text };
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = <T = unknown>(p: string) => this.call<T>('GET', p);
  post = <T = unknown>(p: string, body?: unknown, headers?: Record<string, string>) => this.call<T>('POST', p, body, headers);

  async login(username: string, password: string, counterId?: string): Promise<Answer> {
    return this.post('/api/auth/login', { username, password, ...(counterId ? { counterId } : {}) });
  }
}

/**
 * The first admin's client: the account is made and signed in at the first call (not before, so a test that never
 * acts as admin has no admin account), and only then: after a sign-out the client stays signed out.
 */
export class AdminClient extends Client {
  private signedIn: Promise<string> | null = null;

  constructor(
    url: string,
    private readonly ensureAdmin: () => Promise<unknown>,
    readonly password: string,
    /** when set, a path asked before every call: a 401 there means the session ran out (a clock moved days), so sign in again */
    private readonly sessionProbe?: string,
  ) {
    super(url);
  }

  /** signs in (once) and answers the session cookie */
  signIn(): Promise<string> {
    this.signedIn ??= (async () => {
      await this.ensureAdmin();
      const r = await super.call('POST', '/api/auth/login', { username: 'admin', password: this.password });
      if (r.status !== 200) throw new Error(`admin sign-in failed: ${r.status} ${JSON.stringify(r.body)}`);
      return this.cookie!;
    })();
    return this.signedIn;
  }

  /** forgets the session, so the next call signs in again (for tests whose clock outlives a session) */
  forget(): void {
    this.signedIn = null;
    this.cookie = null;
  }

  /** as Client.call, signed in first; `data` is `any` by default, as these tests read many shapes */
  override async call<T = any>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer<T>> {
    if (this.sessionProbe && this.cookie && (await fetch(this.url + this.sessionProbe, { headers: { cookie: this.cookie } })).status === 401) this.forget();
    await this.signIn();
    return super.call<T>(method, p, body, headers);
  }
}
