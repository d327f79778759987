import type { ReasonCode } from '@onestop/shared';

/** A refusal with a stable reason code, thrown inside services and turned into an ack or HTTP answer at the border. */
export class ServiceError extends Error {
  constructor(
    readonly reason: ReasonCode,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'ServiceError';
  }
}

export const HTTP_STATUS: Partial<Record<ReasonCode, number>> = {
  'invalid-payload': 400,
  'bad-date': 400,
  'due-date-past': 400,
  'late-entry-too-old': 400,
  'button-out-of-range': 400,
  'score-not-on-scale': 400,
  unauthorized: 401,
  'token-revoked': 401,
  'forbidden-origin': 403,
  'bad-pairing-code': 400,
  'pairing-code-expired': 410,
  'pairing-code-used': 409,
  'counter-not-found': 404,
  'device-not-found': 404,
  'not-found': 404,
  'duplicate-name': 409,
  'rate-limited': 429,
  'shutting-down': 503,
  'storage-failed': 503,
  'internal-error': 500,
  forbidden: 403,
  'account-disabled': 401,
  'counter-required': 400,
  'weak-password': 400,
  'last-admin': 409,
  'user-not-found': 404,
  'token-not-found': 404,
  'procedure-not-found': 404,
  'duplicate-code': 409,
  'invalid-csv': 400,
  'file-not-found': 404,
  'transition-not-allowed': 409,
  'bad-range': 400,
  'export-not-found': 404,
  'export-not-ready': 409,
  'invalid-body': 400,
  'stale-revision': 409,
  'commune-not-found': 404,
  'upstream-not-configured': 409,
  'setting-locked': 409,
  'backup-failed': 500,
  'host-not-allowed': 421,
  'not-allowed-for-kind': 403,
  'counter-occupied': 409,
  'photo-too-large': 413,
  'photo-type-not-allowed': 415,
  'nothing-to-undo': 409,
  'undo-window-closed': 409,
};
