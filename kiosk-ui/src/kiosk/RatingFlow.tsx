import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { foldTo3, uuidv7, type DeviceConfig, type DeviceDuty, type RatingEvent, type Score } from '@onestop/shared';
import { CounterBanner } from './CounterBanner';
import { usePublicT as useT } from '../i18n/public';
import { ScoreButtons } from './ScoreButtons';
import { ReasonsStep, type ReasonsAnswer } from './ReasonsStep';
import { ThanksScreen } from './ThanksScreen';
import { prepareAudio, resumeAudio } from './sound';
import { useCommuneName } from './useCommuneName';

/** A score that counts as not satisfied in every figure (shared's foldTo3: 3, 2 and 1) asks for reasons. */
export const asksReasons = (score: Score) => foldTo3(score) === 'not-satisfied';

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
  onDuty = null,
}: {
  config: DeviceConfig;
  record(e: RatingEvent): Promise<void>;
  /** a file was just returned at this counter: the buttons pulse and the citizen is invited to rate */
  inviting?: boolean;
  onRated?(): void;
  /** shown under the buttons on the rating screen only (the information bar) */
  below?: ReactNode;
  /** the clerk on duty here, shown with the counter's name */
  onDuty?: DeviceDuty['onDuty'];
}) {
  const t = useT();
  const commune = useCommuneName();
  const [phase, setPhase] = useState<Phase>({ kind: 'rate' });
  const busy = useRef(false);

  const finish = useCallback(
    async (tap: Tap, { reasons, comment }: ReasonsAnswer) => {
      if (busy.current) return;
      busy.current = true;
      const event: RatingEvent = { id: tap.id, source: 'touch', score: tap.score, deviceTime: tap.deviceTime, ...(reasons.length ? { reasons } : {}), ...(comment ? { comment } : {}) };
      try {
        await record(event);
      } catch (err) {
        console.error('could not queue the rating', err);
      }
      // rendered at once, not in a later task: the citizen is waiting for it (issue 15 §3)
      flushSync(() => setPhase({ kind: 'thanks' }));
      onRated?.();
    },
    [record, onRated],
  );

  useEffect(prepareAudio, []);

  const tapScore = (score: Score) => {
    if (busy.current || phase.kind !== 'rate') return;
    const tap: Tap = { id: uuidv7(), score, deviceTime: Date.now() };
    // the rating goes to IndexedDB first; the sound is resumed after, off the path to "Cảm ơn"
    if (asksReasons(score)) setPhase({ kind: 'reasons', tap });
    else void finish(tap, { reasons: [] });
    resumeAudio();
  };

  const reasonsDone = useCallback((a: ReasonsAnswer) => {
    if (phase.kind === 'reasons') void finish(phase.tap, a);
  }, [phase, finish]);

  const thanksDone = useCallback(() => {
    busy.current = false;
    setPhase({ kind: 'rate' });
  }, []);

  if (phase.kind === 'reasons') return <ReasonsStep score={phase.tap.score} onDone={reasonsDone} />;
  if (phase.kind === 'thanks') return <ThanksScreen onDone={thanksDone} />;
  return (
    <main className={'rate' + (inviting ? ' rate-inviting' : '')} data-testid="rate-screen" data-inviting={inviting}>
      <CounterBanner counterName={config.counter.name} onDuty={onDuty} />
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
    </main>
  );
}
