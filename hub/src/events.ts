import type { DevicePresence, LiveRating } from '@onestop/shared';
import type { Logger } from './log.js';

/** What features tell each other. Listeners run synchronously; one that throws is logged and cannot break the emitter. */
export interface HubEvents {
  'rating:stored': LiveRating;
  'device:revoked': { deviceId: string };
  'device:config-changed': { deviceId: string };
  'device:presence': DevicePresence;
  /** a session ended by sign-out, a disabled account or a password change: sockets opened with it close */
  'auth:session-ended': { sessionId: string; userId: string };
  /** someone confirmed signing in at a counter where others were on duty: their sessions ended (auth/duty.ts) */
  'duty:taken-over': { counterId: string; sessionIds: string[]; by: string };
  /** who is on duty, or what the kiosk shows of them (title, photo), may have changed; null: at any counter */
  'duty:changed': { counterId: string | null };
  /** a file was handed back to the citizen at a counter: that counter's devices invite a rating */
  'file:returned': { fileId: string; counterId: string; staffId: string | null; procedureCode: string };
}

type Listener<K extends keyof HubEvents> = (payload: HubEvents[K]) => void;

export class EventBus {
  private readonly listeners = new Map<keyof HubEvents, Set<Listener<never>>>();
  constructor(private readonly log: Logger) {}

  on<K extends keyof HubEvents>(event: K, fn: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as Listener<never>);
    return () => set.delete(fn as Listener<never>);
  }

  emit<K extends keyof HubEvents>(event: K, payload: HubEvents[K]): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        (fn as Listener<K>)(payload);
      } catch (err) {
        this.log.error({ err, event }, 'event listener failed');
      }
    }
  }
}
