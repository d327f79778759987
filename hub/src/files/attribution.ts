import type { FileStore } from './store.js';

/** A rating at a counter within this long after a file was returned there is that file's rating. */
export const RATING_LINK_WINDOW_MS = 5 * 60_000;
/** A device clock a little behind the hub's still links (the rating is dated by the device, docs/decisions/0004). */
export const RATING_LINK_SKEW_MS = 60_000;
/** How long the kiosk shows its invitation and the box blinks (`device:invite`). */
export const INVITE_MS = 2 * 60_000;

export interface RatingCredit {
  staffId: string | null;
  fileId: string | null;
}

/**
 * Which file and which person a new rating is credited to. Called by the ratings service inside its transaction:
 * the next rating at a counter within 5 minutes of a return there takes that file (and the person who returned
 * it) and uses up the invitation; any other rating is credited to whoever was on duty at that counter when it was
 * made. Ratings flagged as abuse take no file (docs/decisions/0014-rating-credit.md).
 */
export class RatingAttribution {
  constructor(
    private readonly files: FileStore,
    private readonly onDuty: (counterId: string, at: number) => string | null,
  ) {}

  /** Never throws: a rating is stored even when crediting it fails (it is then credited to nobody). */
  safeCredit(r: { counterId: string; ratedAt: number; flagged: boolean }, onError: (err: unknown) => void): RatingCredit {
    try {
      return this.credit(r);
    } catch (err) {
      onError(err);
      return { staffId: null, fileId: null };
    }
  }

  credit(r: { counterId: string; ratedAt: number; flagged: boolean }): RatingCredit {
    const staffOnDuty = () => this.onDuty(r.counterId, r.ratedAt);
    const invite = this.files.pendingInvite(r.counterId);
    if (!invite || r.flagged) return { staffId: staffOnDuty(), fileId: null };
    if (r.ratedAt > invite.invited_at + RATING_LINK_WINDOW_MS) {
      this.files.dropInvite(r.counterId);
      return { staffId: staffOnDuty(), fileId: null };
    }
    if (r.ratedAt < invite.invited_at - RATING_LINK_SKEW_MS) return { staffId: staffOnDuty(), fileId: null };
    this.files.dropInvite(r.counterId);
    return { staffId: invite.staff_id ?? staffOnDuty(), fileId: invite.file_id };
  }
}
