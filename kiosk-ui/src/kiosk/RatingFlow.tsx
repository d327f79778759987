import { useCallback, useRef, useState, type ReactNode } from 'react';
import { uuidv7, type DeviceConfig, type DissatisfactionReason, type RatingEvent, type Score } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { ScoreButtons } from './ScoreButtons';
import { ReasonsStep } from './ReasonsStep';
import { ThanksScreen } from './ThanksScreen';
import { unlockAudio } from './sound';
import { useCommuneName } from './useCommuneName';

/** Scores at or below this ask for reasons. */
export const ASK_REASONS_AT_OR_BELOW = 2;

interface Tap {
  id: string;
  score: Score;
  deviceTime: number;
}

type Phase = { kind: 'rate' } | { kind: 'reasons'; tap: Tap } | { kind: 'thanks' };

/**
 * Buttons → (reasons, for a low score) → thanks → buttons. The rating is one event: its id and time are taken
 * at the tap, and it is queued once, when the reasons step ends, before the thanks screen shows.
 */
export function RatingFlow({
  config,
  record,
  inviting = false,
  onRated,
  below,
}: {
  config: DeviceConfig;
  record(e: RatingEvent): Promise<void>;
  /** a file was just returned at this counter: the buttons pulse and the citizen is invited to rate */
  inviting?: boolean;
  onRated?(): void;
  /** shown under the buttons on the rating screen only (the information bar) */
  below?: ReactNode;
}) {
  const t = useT();
  const commune = useCommuneName();
  const [phase, setPhase] = useState<Phase>({ kind: 'rate' });
  const busy = useRef(false);

  const finish = useCallback(
    async (tap: Tap, reasons: DissatisfactionReason[]) => {
      if (busy.current) return;
      busy.current = true;
      const event: RatingEvent = { id: tap.id, source: 'touch', score: tap.score, deviceTime: tap.deviceTime, ...(reasons.length ? { reasons } : {}) };
      try {
        await record(event);
      } catch (err) {
        console.error('could not queue the rating', err);
      }
      setPhase({ kind: 'thanks' });
      onRated?.();
    },
    [record, onRated],
  );

  const tapScore = (score: Score) => {
    if (busy.current || phase.kind !== 'rate') return;
    unlockAudio();
    const tap: Tap = { id: uuidv7(), score, deviceTime: Date.now() };
    if (score <= ASK_REASONS_AT_OR_BELOW) setPhase({ kind: 'reasons', tap });
    else void finish(tap, []);
  };

  const reasonsDone = useCallback((reasons: DissatisfactionReason[]) => {
    if (phase.kind === 'reasons') void finish(phase.tap, reasons);
  }, [phase, finish]);

  const thanksDone = useCallback(() => {
    busy.current = false;
    setPhase({ kind: 'rate' });
  }, []);

  if (phase.kind === 'reasons') return <ReasonsStep score={phase.tap.score} onDone={reasonsDone} />;
  if (phase.kind === 'thanks') return <ThanksScreen onDone={thanksDone} />;
  return (
    <main className={'rate' + (inviting ? ' rate-inviting' : '')} data-testid="rate-screen" data-inviting={inviting}>
      <header className="rate-head">
        {commune ? (
          <p className="rate-commune" data-testid="commune-name">
            {commune}
          </p>
        ) : null}
        {inviting ? (
          <p className="invite" role="status" data-testid="invite">
            {t.kiosk.invite}
          </p>
        ) : null}
        <h1>{t.kiosk.question}</h1>
        <p>{t.kiosk.questionHint}</p>
      </header>
      <ScoreButtons scores={config.scale.map as Score[]} onTap={tapScore} />
      {below}
      <footer className="rate-foot">{config.counter.name}</footer>
    </main>
  );
}
