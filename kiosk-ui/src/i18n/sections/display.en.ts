import type { displayVi } from './display.vi';

/** The waiting-room screen (/display): English (the screen itself is always shown in Vietnamese). */
export const displayEn: typeof displayVi = {
  docTitle: 'Today’s ratings',
  title: 'Citizens’ satisfaction today',
  today: (date: string) => `${date}`,
  satisfied: 'satisfied',
  ofRatings: (n: number) => `of ${n} ratings`,
  noRatings: 'No ratings yet today',
  levels: { 'very-satisfied': 'Very satisfied', satisfied: 'Satisfied', 'not-satisfied': 'Not satisfied' },
  filesTitle: 'Files handed back today',
  returned: 'Handed back',
  onTime: 'On time',
  received: 'Received',
  countersTitle: 'By counter',
  counterRatings: (n: number) => `${n} ratings`,
  noValue: '—',
  updatedAt: (time: string) => `Updated at ${time}`,
  offline: 'Reconnecting to the hub…',
  thanks: 'Thank you for rating the one-stop counter’s service.',
};
