import { useCallback, useEffect, useState } from 'react';
import type { DeviceConfig } from '@onestop/shared';
import { useT } from '../i18n';
import { clearPairing, loadPairing, savePairing, type Pairing } from './pairingStore';
import { PairingScreen } from './PairingScreen';
import { RatingFlow } from './RatingFlow';
import { StatusDot } from './StatusDot';
import { setAsideAll, useKioskDevice } from './useKioskDevice';
import { registerOfflineShell } from './offlineShell';
import './kiosk.css';

/** /kiosk: the citizen's touchscreen. Pairs once, then shows the rating buttons for good. */
export function KioskPage() {
  const t = useT();
  const [pairing, setPairing] = useState<Pairing | null>(loadPairing);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    document.title = t.appTitle;
    document.body.classList.add('kiosk-body');
    registerOfflineShell();
    return () => document.body.classList.remove('kiosk-body');
  }, [t]);

  const paired = useCallback((p: Pairing) => {
    savePairing(p);
    setNotice(null);
    setPairing(p);
  }, []);

  const unpaired = useCallback(() => {
    const old = loadPairing();
    clearPairing();
    setPairing(null);
    setNotice(t.kiosk.revokedNotice);
    if (old) void setAsideAll(old.config.deviceId, 'token-revoked');
  }, [t]);

  if (!pairing) return <PairingScreen onPaired={paired} notice={notice} />;
  return <PairedKiosk key={pairing.token} pairing={pairing} onPairing={paired} onUnpaired={unpaired} />;
}

function PairedKiosk({ pairing, onPairing, onUnpaired }: { pairing: Pairing; onPairing(p: Pairing): void; onUnpaired(): void }) {
  const onConfig = useCallback((config: DeviceConfig) => onPairing({ token: pairing.token, config }), [pairing.token, onPairing]);
  const device = useKioskDevice(pairing.token, pairing.config.deviceId, onConfig, onUnpaired);
  useKioskScreen();
  return (
    <div className="kiosk" onContextMenu={(e) => e.preventDefault()}>
      <RatingFlow config={pairing.config} record={device.record} />
      <StatusDot online={device.online} counts={device.counts} />
    </div>
  );
}

/** Full screen on the first touch (browsers need a gesture for it) and keep the screen awake. */
function useKioskScreen(): void {
  useEffect(() => {
    let lock: { release(): Promise<void> } | null = null;
    const wake = () => {
      navigator.wakeLock?.request('screen').then((l) => (lock = l), () => {});
    };
    const onTouch = () => {
      if (!document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => {});
      if (!lock) wake();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') wake();
    };
    wake();
    window.addEventListener('pointerdown', onTouch);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('pointerdown', onTouch);
      document.removeEventListener('visibilitychange', onVisible);
      void lock?.release().catch(() => {});
    };
  }, []);
}
