/** The audit log of administrative changes (docs/audit.md): GET /api/admin/audit and its export. */
import { z } from 'zod';
import { isValidDay } from './time.js';

/** What an administrative change is about; `file` is a file transition (read from file_events). */
export const AUDIT_KINDS = ['counter', 'device', 'account', 'api-token', 'procedure', 'holiday', 'sms-template', 'contact', 'setting', 'file', 'duty'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number] | (string & {});

export const auditQuery = z.strictObject({
  from: z.string().refine(isValidDay, 'from is YYYY-MM-DD').optional(),
  to: z.string().refine(isValidDay, 'to is YYYY-MM-DD').optional(),
  actor: z.string().trim().min(1).max(100).optional(),
  kind: z.string().trim().min(1).max(40).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntry = z.object({
  id: z.string(),
  at: z.number(),
  actor: z.string(),
  kind: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** GET /api/admin/audit: one page of entries, and the actors and kinds the filters offer. */
export const auditPage = z.object({
  from: z.string(),
  to: z.string(),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  entries: z.array(auditEntry),
  actors: z.array(z.string()),
  kinds: z.array(z.string()).readonly(),
  /** the name of every id in this page's entries the hub knows (counters, devices, accounts, tokens, procedures) */
  names: z.record(z.string(), z.string()),
});
export type AuditPage = z.infer<typeof auditPage>;
