import fs from 'node:fs';
import { once } from 'node:events';
import { csvText } from './format.js';
import type { Table } from './tables.js';

/** UTF-8 with a byte-order mark: without it Excel reads the file as the local code page and garbles Vietnamese. */
export const BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]|^ | $/;
export const csvField = (s: string) => (s === '' || !NEEDS_QUOTES.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/**
 * Writes one table as CSV (comma, CRLF, RFC 4180 quoting, BOM), a chunk at a time, waiting for the disk when its
 * buffer is full: memory holds one chunk whatever the table's size. `onRows` reports progress.
 */
export async function writeCsv(file: string, table: Table, onRows: (n: number) => void = () => {}): Promise<number> {
  const out = fs.createWriteStream(file, { mode: 0o600 }); // personal data: the hub's account only
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let rows = 0;
  try {
    out.write(BOM + table.columns.map((c) => csvField(c.header)).join(',') + '\r\n');
    const types = table.columns.map((c) => c.type);
    for await (const chunk of table.chunks()) {
      let text = '';
      for (const row of chunk) {
        let line = '';
        for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(csvText(types[i]!, row[i] ?? null));
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
