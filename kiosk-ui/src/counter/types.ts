import type { FileEventView, FileView, SmsMessageView } from '@onestop/shared';

/** GET /api/staff/files/{code} */
export interface FileDetail {
  file: FileView;
  history: FileEventView[];
}

/** GET /api/staff/files/{code}/receipt */
export interface Receipt {
  communeName: string;
  file: FileView;
  counterName: string | null;
  receivedByName: string | null;
  fee: number | null;
  qr: string;
}

/** GET /api/staff/files/{code}/apology */
export interface ApologySlip {
  communeName: string;
  file: FileView;
  apology: { at: number; reason: string | null; oldDueDate: string | null; newDueDate: string | null; by: string | null };
}

export type FileSms = SmsMessageView;
