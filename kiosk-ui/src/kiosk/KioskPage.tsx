import { useCallback, useEffect, useState } from 'react';
import type { DeviceConfig } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { clearPairing, loadDurablePairing, loadPairing, savePairing, type Pairing } from './pairingStore';
import { PairingScreen } from './PairingScreen';
import { RatingFlow } from './RatingFlow';
import { StatusDot } from './StatusDot';
import { setAsideAll, useKioskDevice } from './useKioskDevice';
import { registerOfflineShell } from './offlineShell';
import { InfoBar, type InfoScreenName } from './InfoBar';
import { LookupScreen } from './LookupScreen';
import { ProceduresScreen } from './ProceduresScreen';
import { ContactsScreen } from './ContactsScreen';
import { useInvite } from './useInvite';
import { useScanner } from './useScanner';
import './kiosk.css';
import './info.css';

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

  // localStorage lost the pairing (a power cut soon after it was written): the copy on disk puts it back
  useEffect(() => {
    if (pairing) return;
    let gone = false;
    void loadDurablePairing().then((p) => {
      if (gone || !p) return;
      savePairing(p);
      setPairing((cur) => cur ?? p);
    });
    return () => {
      gone = true;
    };
  }, [pairing]);

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

/**
 * The rating buttons stay mounted underneath whatever else shows, so a rating half-way through its reasons step is
 * never lost; the information screens lie over them and go away by themselves, or when a rating is invited.
 */
function PairedKiosk({ pairing, onPairing, onUnpaired }: { pairing: Pairing; onPairing(p: Pairing): void; onUnpaired(): void }) {
  const onConfig = useCallback((config: DeviceConfig) => onPairing({ token: pairing.token, config }), [pairing.token, onPairing]);
  const [screen, setScreen] = useState<InfoScreenName | null>(null);
  const [scanned, setScanned] = useState<{ code: string; n: number } | null>(null);
  const { inviting, invite, end } = useInvite();
  const onInvite = useCallback(
    (ms: number) => {
      setScreen(null);
      invite(ms);
    },
    [invite],
  );
  const device = useKioskDevice(pairing.token, pairing.config.deviceId, onConfig, onUnpaired, onInvite);
  const close = useCallback(() => setScreen(null), []);
  useScanner(
    useCallback((code: string) => {
      setScanned((s) => ({ code, n: (s?.n ?? 0) + 1 }));
      setScreen('lookup');
    }, []),
  );
  useKioskScreen();
  return (
    <div className="kiosk" onContextMenu={(e) => e.preventDefault()}>
      <RatingFlow
        config={pairing.config}
        record={device.record}
        onDuty={device.duty}
        inviting={inviting}
        onRated={end}
        below={
          <InfoBar
            onOpen={(s) => {
              setScanned(null);
              setScreen(s);
            }}
          />
        }
      />
      {screen === 'lookup' ? <LookupScreen scanned={scanned} onClose={close} /> : null}
      {screen === 'procedures' ? <ProceduresScreen onClose={close} /> : null}
      {screen === 'contacts' ? <ContactsScreen onClose={close} /> : null}
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
