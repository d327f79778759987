import { useState } from 'react';
import type { UserView } from '@onestop/shared';
import { TextBody } from '../../api';
import { useT } from '../../i18n';
import { useAdminApi } from '../useAdminApi';

/** A photo as the kiosk shows it: 3:4, 360×480 at most, JPEG. Scaled here so the hub keeps (and sends) little. */
const PHOTO_W = 360;
const PHOTO_H = 480;

async function scaledJpeg(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  // cover 3:4, centred
  const scale = Math.max(PHOTO_W / bitmap.width, PHOTO_H / bitmap.height, 0);
  const w = Math.min(PHOTO_W, Math.round(bitmap.width * Math.min(scale, 1)) || PHOTO_W);
  const h = Math.min(PHOTO_H, Math.round(bitmap.height * Math.min(scale, 1)) || PHOTO_H);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const s = Math.max(w / bitmap.width, h / bitmap.height);
  ctx.drawImage(bitmap, (w - bitmap.width * s) / 2, (h - bitmap.height * s) / 2, bitmap.width * s, bitmap.height * s);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no image'))), 'image/jpeg', 0.85));
}

/** One account's title (chức danh) and photo, as the kiosk of the counter where they are on duty shows them. */
export function ProfileEditor({ user, onSaved, onError }: { user: UserView; onSaved(): void; onError(reason: string | null): void }) {
  const t = useT();
  const call = useAdminApi();
  const [title, setTitle] = useState(user.title ?? '');
  const [busy, setBusy] = useState(false);
  const base = `/api/admin/users/${encodeURIComponent(user.id)}`;
  const done = (r: { ok: boolean; reason?: string }) => {
    setBusy(false);
    if (!r.ok) return onError(r.reason ?? 'internal-error');
    onError(null);
    onSaved();
  };
  const saveTitle = async () => {
    setBusy(true);
    done(await call('PATCH', base, { title: title.trim() === '' ? null : title.trim() }));
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    let blob: Blob;
    try {
      blob = await scaledJpeg(file);
    } catch {
      // not an image the browser can read: send it as it is, and let the hub name what is wrong
      blob = file;
    }
    done(await call('PUT', `${base}/photo`, new TextBody(blob, blob.type || 'application/octet-stream')));
  };
  return (
    <div className="adm-profile" data-testid="profile-editor">
      <input name="title" aria-label={t.accounts.staffTitle} placeholder={t.accounts.titlePlaceholder} value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />
      <button type="button" className="adm-secondary" disabled={busy || title.trim() === (user.title ?? '')} onClick={() => void saveTitle()}>
        {t.accounts.saveTitle}
      </button>
      <label className="adm-link-button">
        {user.hasPhoto ? t.accounts.replacePhoto : t.accounts.addPhoto}
        <input type="file" accept="image/jpeg,image/png,image/webp" hidden disabled={busy} data-testid="photo-input" onChange={(e) => void upload(e.target.files?.[0])} />
      </label>
      {user.hasPhoto ? (
        <button type="button" className="adm-link-button" disabled={busy} onClick={() => void call('DELETE', `${base}/photo`).then(done)}>
          {t.accounts.removePhoto}
        </button>
      ) : null}
    </div>
  );
}
