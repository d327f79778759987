import type { FileStatus, FileView, TransitionTarget } from '@onestop/shared';

/** A change staff can make to a file from the counter, and whether it needs a reason (and a new date). */
export type ActionKind = 'ready' | 'returned' | 'resume' | 'supplement' | 'late' | 'rejected' | 'withdrawn';

export const ACTION_TARGET: Record<ActionKind, TransitionTarget> = {
  ready: 'ready',
  returned: 'returned',
  resume: 'received',
  supplement: 'supplement',
  late: 'late',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

/** Actions that open a small form (reason, and for "late" a new date) instead of acting at once. */
export const NEEDS_FORM: ReadonlySet<ActionKind> = new Set(['supplement', 'late', 'rejected']);

/** What makes sense for each status (docs/files.md); anything else the hub refuses. */
const BY_STATUS: Record<FileStatus, ActionKind[]> = {
  received: ['ready', 'supplement', 'late', 'rejected', 'withdrawn'],
  supplement: ['resume', 'rejected', 'withdrawn'],
  ready: ['returned'],
  returned: [],
  rejected: [],
  withdrawn: [],
};

export function actionsFor(file: Pick<FileView, 'status'>): ActionKind[] {
  return BY_STATUS[file.status];
}

/**
 * The action a scan should put the cursor on: a ready file is handed over, a file waiting for papers gets them,
 * a late one is apologised for (an apology moves the appointment, so a file late again needs a new one), any other
 * open file is marked ready.
 */
export function nextAction(file: Pick<FileView, 'status' | 'late'>): ActionKind | null {
  switch (file.status) {
    case 'ready':
      return 'returned';
    case 'supplement':
      return 'resume';
    case 'received':
      return file.late ? 'late' : 'ready';
    default:
      return null;
  }
}
