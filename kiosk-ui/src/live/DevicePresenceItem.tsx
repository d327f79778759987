import { formatTimeVi, type DevicePresence } from '@onestop/shared';
import { formatWhen, useT } from '../i18n';
import './live.css';

/** One device: online or not, last seen, and for a button box what its agent last reported. */
export function DevicePresenceItem({ device }: { device: DevicePresence }) {
  const t = useT();
  const state = device.online ? 'online' : 'offline';
  const box = device.box;
  return (
    <li className="live-device" data-testid="live-device" data-device-id={device.deviceId} data-state={state}>
      <div className="live-device-head">
        <span className={`presence presence-${state}`}>{t.admin[state]}</span>
        <strong>{t.admin.kind[device.kind]}</strong>
        <code>{device.label ?? device.deviceId}</code>
      </div>
      <div className="adm-meta">{device.lastSeenAt ? t.admin.lastSeen(formatWhen(t, device.lastSeenAt)) : t.admin.neverSeen}</div>
      {device.kind === 'agent' && box ? (
        <ul className="box-state">
          <li className={box.portOpen ? 'good' : 'bad'}>
            {t.live.port(box.portPath, box.portOpen)} ({t.live.mode[box.mode]})
          </li>
          <li className={box.online ? 'good' : 'bad'}>{t.live.boxResponding(box.online)}</li>
          <li>{box.hello ? t.live.hello(box.hello.serial, box.hello.firmware) : t.live.noHello}</li>
          <li>{box.lastBeatAt ? t.live.lastBeat(formatTimeVi(box.lastBeatAt)) : t.live.noBeat}</li>
          {box.queued > 0 ? <li className="bad">{t.live.boxQueued(box.queued)}</li> : null}
        </ul>
      ) : null}
    </li>
  );
}
