/** A clock a test moves by hand; handed to the hub as its Clock. Default: Saturday 21 November 2026, 09:00 in Vietnam. */
export class TestClock {
  constructor(public t = Date.UTC(2026, 10, 21, 2, 0, 0)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
  set(ms: number) {
    this.t = ms;
  }
}

/** Monday 23 November 2026, 09:00 in Vietnam: a working morning. */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 2, 0, 0);
export const DAY = 86_400_000;
