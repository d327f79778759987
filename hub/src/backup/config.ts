import { z } from 'zod';

/** `backup` in the hub config (docs/operations.md): how many nightly backups are kept. */
export const backupConfigSchema = z.strictObject({
  keepDaily: z.number().int().min(1).max(60).default(7),
  keepWeekly: z.number().int().min(0).max(52).default(4),
});
export type BackupConfig = z.infer<typeof backupConfigSchema>;
