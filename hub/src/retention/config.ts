import { z } from 'zod';

/** `retention` in the hub config (docs/operations.md); the period is also editable on /admin/settings. */
export const retentionConfigSchema = z.strictObject({
  /** names and phone numbers of files closed more than this many days ago are removed by the nightly job */
  days: z.number().int().min(1).max(3650).default(90),
  /** files per short transaction */
  batchSize: z.number().int().min(1).max(10_000).default(500),
});
export type RetentionConfig = z.infer<typeof retentionConfigSchema>;
