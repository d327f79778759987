import { systemClock } from '@onestop/shared';
import { openDb } from '../db/open.js';
import { CommuneService } from './communes.js';
import { RECEIVER_MIGRATIONS } from './migrations.js';
import { receiverBox, receiverDbFile } from './secrets.js';
import { ReceiverStore } from './store.js';
import { formatDateVi } from '@onestop/shared';

type Values = Record<string, string | boolean | undefined>;

/**
 * `hub commune add | list | rotate-secret`, against the receiver's data directory, whether or not the receiver is
 * running there. A secret is printed alone on the last line (take it with `tail -n 1`), once.
 */
export function communeCli(dataDir: string, sub: string, v: Values, out: NodeJS.WritableStream, usage: (m: string) => never): number {
  const db = openDb(receiverDbFile(dataDir), RECEIVER_MIGRATIONS);
  try {
    const communes = new CommuneService(new ReceiverStore(db), receiverBox(dataDir), systemClock);
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
    switch (sub) {
      case 'add': {
        const code = str('code') ?? usage('commune add needs --code CODE');
        const name = str('name') ?? usage('commune add needs --name NAME');
        const { commune, secret } = communes.add({ code, name });
        out.write(`Đã đăng ký xã "${commune.name}" (${commune.code}). Khóa bí mật dùng chung (UPSTREAM_SECRET), chỉ in một lần / shared secret, printed once:\n${secret}\n`);
        return 0;
      }
      case 'rotate-secret': {
        const code = str('code') ?? usage('commune rotate-secret needs --code CODE');
        const { commune, secret } = communes.rotate(code);
        out.write(`Khóa mới của xã "${commune.name}" (${commune.code}); khóa cũ hết hiệu lực ngay / new secret, the old one stops working now:\n${secret}\n`);
        return 0;
      }
      case 'list': {
        for (const c of communes.list()) out.write(`${c.code}\t${c.name}\tđăng ký ${formatDateVi(c.createdAt)}\tkhóa đổi ${formatDateVi(c.secretRotatedAt)}\n`);
        return 0;
      }
      default:
        return usage('commune needs a subcommand: add | list | rotate-secret');
    }
  } finally {
    db.close();
  }
}
