import { STAFF_PHOTO_MAX_BYTES, updateUserRequest, type DeviceDuty, type StaffPhotoType } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import { ServiceError } from '../http/errors.js';
import { parseOr } from '../http/parse.js';
import type { Clock } from '@onestop/shared';

/** What the bytes are, by their first bytes (a declared Content-Type is not trusted): JPEG, PNG, WebP, or null. */
export function photoType(b: Buffer): StaffPhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * The kiosk shows the citizen who serves them (issue 14 §3): each account's title (chức danh) and photo, set by an
 * admin. A photo is checked by its bytes and size, kept in its own table, and leaves the hub only to the paired
 * kiosks of the counter where its holder is on duty (devices/socket.ts): no route serves it to anyone else.
 */
export class StaffProfiles {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly onDutyAt: (counterId: string) => string | null,
  ) {}

  private exists(userId: string): void {
    if (!this.db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId)) throw new ServiceError('user-not-found', userId);
  }

  setTitle(userId: string, body: unknown): { title: string | null } {
    const { title } = parseOr(updateUserRequest, body, 'body');
    this.exists(userId);
    this.db.prepare('UPDATE users SET title = ? WHERE id = ?').run(title, userId);
    this.bus.emit('duty:changed', { counterId: null });
    return { title };
  }

  setPhoto(userId: string, bytes: unknown): { type: StaffPhotoType; bytes: number } {
    if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new ServiceError('photo-type-not-allowed', 'send the image as the body (image/jpeg, image/png or image/webp)');
    if (bytes.length > STAFF_PHOTO_MAX_BYTES) throw new ServiceError('photo-too-large', `${bytes.length} bytes; at most ${STAFF_PHOTO_MAX_BYTES}`);
    const type = photoType(bytes);
    if (!type) throw new ServiceError('photo-type-not-allowed', 'not a JPEG, PNG or WebP image');
    this.exists(userId);
    this.db
      .prepare('INSERT INTO user_photos (user_id, type, bytes, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET type = excluded.type, bytes = excluded.bytes, updated_at = excluded.updated_at')
      .run(userId, type, bytes, this.clock.now());
    this.bus.emit('duty:changed', { counterId: null });
    return { type, bytes: bytes.length };
  }

  removePhoto(userId: string): null {
    this.exists(userId);
    this.db.prepare('DELETE FROM user_photos WHERE user_id = ?').run(userId);
    this.bus.emit('duty:changed', { counterId: null });
    return null;
  }

  /** Who is on duty at a counter, as its kiosk shows them; `version` changes whenever what the kiosk shows does. */
  duty(counterId: string): { duty: DeviceDuty; version: string } {
    const userId = this.onDutyAt(counterId);
    const u = userId
      ? (this.db
          .prepare('SELECT u.display_name, u.title, p.type, p.bytes, p.updated_at FROM users u LEFT JOIN user_photos p ON p.user_id = u.id WHERE u.id = ?')
          .get(userId) as { display_name: string; title: string | null; type: StaffPhotoType | null; bytes: Buffer | null; updated_at: number | null } | undefined)
      : undefined;
    if (!u) return { duty: { counterId, onDuty: null }, version: '' };
    return {
      duty: { counterId, onDuty: { name: u.display_name, title: u.title, photo: u.type && u.bytes ? { type: u.type, base64: u.bytes.toString('base64') } : null } },
      version: `${userId}|${u.display_name}|${u.title ?? ''}|${u.updated_at ?? ''}`,
    };
  }
}
