/**
 * The seam between features that cause an SMS (files) and the SMS feature. Files never touch SMS tables and the
 * SMS feature never touches file tables: they meet here.
 */

export type SmsKind = 'received' | 'supplement' | 'ready' | 'apology' | 'reminder' | 'test' | 'alert';

export interface SmsRequest {
  kind: SmsKind;
  /** the file this message is about, for the "still true?" check and the file's message list; null for tests */
  fileId: string | null;
  /** E.164, already validated at entry (+84…) */
  to: string;
  /** template placeholders: fileCode, procedure, appointmentDate (dd/mm/yyyy), appointmentTime (HH:MM, when the file has one), newDate, reason, communeName, contactPhone … */
  vars: Record<string, string>;
  /** held until then (the clerk's undo window, issue 14 §2): the worker does not hand it to a gateway before */
  notBefore?: number;
}

/**
 * Writes a message to the SMS outbox. Must be called inside the caller's open transaction on the same database
 * handle, so the message exists if and only if the change that caused it was committed.
 */
export interface SmsOutboxPort {
  enqueue(req: SmsRequest): { id: string };
  /** whether this kind of message is switched on; a switched-off kind is not written at all (issue 14 §2) */
  isEnabled?(kind: SmsKind): boolean;
  /**
   * The clerk undid a step (issue 14 §2): the file's messages written since `since` that are still held are
   * cancelled, in the caller's transaction. `gone` counts those a gateway already has (the undo is then refused).
   */
  cancelHeld?(fileId: string, since: number): { cancelled: number; gone: number };
  /** How long the clerk's reason may be in this file's message (vars: the file's placeholders). */
  reasonRoom?(kind: SmsKind, vars: Record<string, string>): { enabled: boolean; keepAccents: boolean; room: number };
}

/** Asked by the SMS worker right before sending: is this message still true? (a "ready" SMS for a returned file is not) */
export interface SmsTruth {
  stillTrue(kind: SmsKind, fileId: string): boolean;
}
