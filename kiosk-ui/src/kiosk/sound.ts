/** A short two-note chime made with WebAudio: no audio file to ship or cache. */
let ctx: AudioContext | null = null;

/** Makes the audio context, or lets it play: browsers only let a page make sound after a user gesture. */
export function unlockAudio(): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
  } catch {
    ctx = null;
  }
}

/**
 * Makes the audio context while the page is idle, before anyone taps: making it takes 10–80 ms on a slow tablet,
 * which a tap must not wait for. Made before a gesture it may start suspended; the tap resumes it (resumeAudio).
 */
export function prepareAudio(): void {
  if (ctx) return;
  const make = () => unlockAudio();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(make, { timeout: 2000 });
  else setTimeout(make, 500);
}

/** Call from a tap handler: resumes a context made ahead (cheap); one not made yet is made after the tap, by playThanks. */
export function resumeAudio(): void {
  if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
}

export function playThanks(): void {
  unlockAudio();
  if (!ctx) return;
  const start = ctx.currentTime + 0.02;
  [784, 1047].forEach((freq, i) => {
    const t = start + i * 0.16;
    const osc = ctx!.createOscillator();
    const gain = ctx!.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.35, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
    osc.connect(gain).connect(ctx!.destination);
    osc.start(t);
    osc.stop(t + 0.32);
  });
}
