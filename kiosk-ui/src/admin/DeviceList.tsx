import { useState } from 'react';
import type { AdminDeviceView } from '@onestop/shared';
import { DeviceEditForm } from './DeviceEditForm';
import { formatWhen, useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { useAdminApi } from './useAdminApi';
import './counters.css';

export function DeviceList({ devices, onChanged }: { devices: AdminDeviceView[]; onChanged(): void }) {
  const t = useT();
  const [showRevoked, setShowRevoked] = useState(false);
  const active = devices.filter((d) => !d.revoked);
  const revoked = devices.filter((d) => d.revoked);
  const shown = showRevoked ? [...active, ...revoked] : active;
  return (
    <div className="devices">
      <h4>{t.admin.devices}</h4>
      {shown.length === 0 ? <p className="adm-empty">{t.admin.noDevices}</p> : null}
      <ul>
        {shown.map((d) => (
          <DeviceRow key={d.deviceId} device={d} onChanged={onChanged} />
        ))}
      </ul>
      {revoked.length > 0 ? (
        <button type="button" className="adm-link-button" onClick={() => setShowRevoked((s) => !s)}>
          {showRevoked ? t.admin.hideRevoked : t.admin.showRevoked(revoked.length)}
        </button>
      ) : null}
    </div>
  );
}

function DeviceRow({ device, onChanged }: { device: AdminDeviceView; onChanged(): void }) {
  const t = useT();
  const call = useAdminApi();
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const name = device.label ?? device.deviceId;
  const state = device.revoked ? 'revoked' : device.online ? 'online' : 'offline';

  const revoke = async () => {
    if (!window.confirm(t.admin.confirmRevoke(name))) return;
    const res = await call<null>('POST', `/api/admin/devices/${encodeURIComponent(device.deviceId)}/revoke`);
    if (!res.ok) return setError(res.reason);
    setError(null);
    onChanged();
  };

  return (
    <li className="device-row" data-testid="device-row" data-device-id={device.deviceId} data-state={state}>
      <span className={`presence presence-${state}`}>{t.admin[state]}</span>
      <span className="device-name">
        {/* a name given at pairing or by the admin reads as text; only a device from before names has its id */}
        {device.label ? <strong data-testid="device-label">{device.label}</strong> : <code>{device.deviceId}</code>} <span className="adm-meta">{t.admin.kind[device.kind]}</span>
      </span>
      <span className="adm-meta">{device.lastSeenAt ? t.admin.lastSeen(formatWhen(t, device.lastSeenAt)) : t.admin.neverSeen}</span>
      {device.scale ? <span className="adm-meta">{t.counterEdit.scale(device.scale.buttons, device.scale.map)}</span> : null}
      {!device.revoked ? (
        <button type="button" className="adm-link-button" onClick={() => setEditing((v) => !v)} data-testid="edit-device-button">
          {t.counterEdit.edit}
        </button>
      ) : null}
      {!device.revoked ? (
        <button type="button" className="adm-danger" onClick={() => void revoke()}>
          {t.admin.revoke}
        </button>
      ) : null}
      <ErrorText reason={error} />
      {editing ? (
        <DeviceEditForm
          device={device}
          onDone={(changed) => {
            setEditing(false);
            if (changed) onChanged();
          }}
        />
      ) : null}
    </li>
  );
}
