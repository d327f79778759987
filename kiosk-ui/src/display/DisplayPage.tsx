import { useEffect, useState } from 'react';
import { formatTimeVi } from '@onestop/shared';
import { usePublicT as useT } from '../i18n/public';
import { formatDay } from '../ui/format';
import { useDisplayFeed } from './useDisplayFeed';
import './display.css';

const pct = (x: number | null) => (x === null ? null : `${Math.round(x * 100)}%`);

/** /display: the waiting room's TV. Big type, today's figures only, no personal data, live. */
export function DisplayPage() {
  const t = useT().display;
  const { figures: f, connected } = useDisplayFeed();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    document.title = t.docTitle;
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, [t]);
  const levels = f?.levels;
  const total = f ? f.levels['very-satisfied'] + f.levels.satisfied + f.levels['not-satisfied'] : 0;
  return (
    <div className="disp" data-testid="display" data-ratings={f?.ratings ?? ''}>
      <header className="disp-head">
        <div>
          <div className="disp-commune">{f?.commune}</div>
          <h1>{t.title}</h1>
        </div>
        <div className="disp-date">
          <div>{f ? t.today(formatDay(f.day)) : null}</div>
          <div className="disp-clock">{formatTimeVi(now)}</div>
        </div>
      </header>
      {!connected && <div className="disp-offline" role="status">{t.offline}</div>}
      {f && (
        <main className="disp-main">
          <section className="disp-card disp-score" aria-label={t.title}>
            {f.ratings > 0 ? (
              <>
                <div className="disp-big" data-testid="display-satisfaction">
                  {pct(f.satisfaction)}
                </div>
                <div className="disp-big-label">{t.satisfied}</div>
                <div className="disp-sub" data-testid="display-ratings">
                  {t.ofRatings(f.ratings)}
                </div>
                <div className="disp-bars">
                  {(['very-satisfied', 'satisfied', 'not-satisfied'] as const).map((k) => (
                    <div key={k} className={`disp-bar disp-bar-${k}`}>
                      <span className="disp-bar-label">{t.levels[k]}</span>
                      <span className="disp-bar-track">
                        <span className="disp-bar-fill" style={{ width: `${total ? (levels![k] / total) * 100 : 0}%` }} />
                      </span>
                      <span className="disp-bar-n">{levels![k]}</span>
                    </div>
                  ))}
                </div>
              </>
            ) : (
              <div className="disp-none">{t.noRatings}</div>
            )}
          </section>
          <section className="disp-card disp-files">
            <h2>{t.filesTitle}</h2>
            <div className="disp-files-grid">
              <div>
                <div className="disp-num" data-testid="display-returned">{f.files.returned}</div>
                <div className="disp-num-label">{t.returned}</div>
              </div>
              <div>
                <div className="disp-num disp-ok" data-testid="display-ontime">{f.files.returnedOnTime}</div>
                <div className="disp-num-label">{t.onTime}</div>
              </div>
              <div>
                <div className="disp-num">{f.files.received}</div>
                <div className="disp-num-label">{t.received}</div>
              </div>
            </div>
          </section>
          {f.counters.length > 0 && (
            <section className="disp-card disp-counters">
              <h2>{t.countersTitle}</h2>
              <ul>
                {f.counters.map((c) => (
                  <li key={c.name}>
                    <span className="disp-counter-name">{c.name}</span>
                    <span className="disp-counter-n">{t.counterRatings(c.ratings)}</span>
                    <span className="disp-counter-pct">{pct(c.satisfaction) ?? t.noValue}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </main>
      )}
      <footer className="disp-foot">
        <span>{t.thanks}</span>
        {f && <span className="disp-updated">{t.updatedAt(formatTimeVi(f.at))}</span>}
      </footer>
    </div>
  );
}
