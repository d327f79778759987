import type { kioskVi } from './kiosk.vi';

/** The citizen's rating screen (/kiosk): English. */
export const kioskEn: typeof kioskVi = {
  pairTitle: 'Pair this rating screen',
  pairHint: 'Enter the 8-digit pairing code from the administrator.',
  pairButton: 'Pair',
  pairing: 'Pairing…',
  clear: 'Clear',
  backspace: 'Delete one digit',
  revokedNotice: 'This device was revoked. Please pair it again.',
  question: 'Were you satisfied with the service?',
  questionHint: 'Please tap one button',
  reasonsTitle: 'What were you not satisfied with?',
  reasonsHint: 'Choose any, or skip.',
  send: 'Send',
  skip: 'Skip',
  thanks: 'Thank you!',
  thanksSub: 'Your opinion has been recorded.',
  statusOnline: 'Connected to the hub',
  statusOffline: 'Hub unreachable — ratings are kept on this device and sent later',
  queued: (n) => `${n} rating(s) waiting to be sent`,
  setAside: (n) => `${n} rating(s) refused by the hub (kept apart)`,
  invite: 'Please rate our service',
};
