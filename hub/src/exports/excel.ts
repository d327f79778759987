import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded the first time an export needs it. It costs about 29 MB of memory once loaded, which a hub that
 * never exports (most days) should not carry (docs/performance.md, the hub's memory target).
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
