import fs from 'node:fs';
import { once } from 'node:events';
import { CSV_BOM, csvCell, csvPercentHeader, csvRow } from '@onestop/shared';
import { csvText } from './format.js';
import type { Table } from './tables.js';

/**
 * Writes one table as CSV (the cells as shared/src/csv.ts writes them: formulas neutralised), a chunk at a time,
 * waiting for the disk when its buffer is full: memory holds one chunk whatever the table's size. `onRows` reports
 * progress.
 */
export async function writeCsv(file: string, table: Table, onRows: (n: number) => void = () => {}): Promise<number> {
  const out = fs.createWriteStream(file, { mode: 0o600 }); // personal data: the hub's account only
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let rows = 0;
  try {
    // a percentage column's numbers are 87.5, not 0.875: its header says so
    out.write(CSV_BOM + csvRow(table.columns.map((c) => (c.type === 'percent' ? csvPercentHeader(c.header) : c.header))));
    const types = table.columns.map((c) => c.type);
    for await (const chunk of table.chunks()) {
      let text = '';
      for (const row of chunk) {
        let line = '';
        for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvCell(csvText(types[i]!, row[i] ?? null));
        text += line + '\r\n';
      }
      rows += chunk.length;
      if (!out.write(text)) await once(out, 'drain');
      onRows(chunk.length);
    }
  } finally {
    out.end();
  }
  await done;
  return rows;
}
