/** A short two-note chime made with WebAudio: no audio file to ship or cache. */
let ctx: AudioContext | null = null;

/** Call from a tap handler: browsers only let a page make sound after a user gesture. */
export function unlockAudio(): void {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
  } catch {
    ctx = null;
  }
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
