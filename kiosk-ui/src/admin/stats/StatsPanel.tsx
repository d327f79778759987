import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { localDay } from '@onestop/shared';
import { useT } from '../../i18n';
import { DayField } from '../../ui/DayField';
import { ErrorText } from '../../ui/ErrorText';
import { formatDay } from '../../ui/format';
import { useAdminApi } from '../useAdminApi';
import { Chart } from './Chart';
import { countersHeight, countersOption, distributionOption, heatOption, trendOption } from './charts';
import { ExportButtons } from './ExportButtons';
import { DIMENSIONS, RANGE_KINDS, rangeParams, type CommentRow, type Dimension, type PeriodStats, type RangeKind, type RangeQuery } from '@onestop/shared';
import './stats.css';

const KINDS = RANGE_KINDS;
const DIMS = DIMENSIONS;
const pct = (x: number | null) => (x === null ? '–' : `${(Math.round(x * 1000) / 10).toLocaleString('vi-VN')}%`);
const num = (x: number | null) => (x === null ? '–' : x.toLocaleString('vi-VN'));

/** Moves a day by whole periods of a kind (a month back from 31/03 lands in February). */
function shift(day: string, kind: RangeKind, by: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const months = kind === 'month' ? by : kind === 'quarter' ? 3 * by : kind === 'year' ? 12 * by : 0;
  const t = months ? Date.UTC(y, m - 1 + months, 1) : Date.UTC(y, m - 1, d + (kind === 'week' ? 7 : 1) * by);
  return new Date(t).toISOString().slice(0, 10);
}

/** /admin/stats: any period, its figures, charts and breakdowns, and the downloads. */
export function StatsPanel() {
  const t = useT();
  const call = useAdminApi();
  const today = localDay(Date.now());
  const initial = useMemo(() => {
    const p = new URLSearchParams(window.location.search);
    const kind = (KINDS as readonly string[]).includes(p.get('kind') ?? '') ? (p.get('kind') as RangeKind) : 'day'; // opens on today (issue 14 §4)
    return { kind, date: p.get('date') ?? today, from: p.get('from') ?? shift(today, 'day', -6), to: p.get('to') ?? today };
  }, [today]);
  const [kind, setKind] = useState<RangeKind>(initial.kind);
  const [date, setDate] = useState(initial.date);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [query, setQuery] = useState<RangeQuery>(initial.kind === 'custom' ? { kind: 'custom', from: initial.from, to: initial.to } : { kind: initial.kind, date: initial.date });
  const [stats, setStats] = useState<PeriodStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dim, setDim] = useState<Dimension>('counter');
  const [comments, setComments] = useState<{ items: CommentRow[]; next: { ratedAt: number; id: string } | null } | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const r = await call<PeriodStats>('GET', `/api/admin/stats?${rangeParams(query)}`);
    if (!r.ok) return setError(r.reason);
    setStats(r.data);
    const c = await call<{ items: CommentRow[]; next: { ratedAt: number; id: string } | null }>('GET', `/api/admin/stats/comments?${rangeParams(query)}&limit=20`);
    if (c.ok) setComments(c.data);
    window.history.replaceState(null, '', `/admin/stats?${rangeParams(query)}`);
  }, [call, query]);

  useEffect(() => {
    void load();
  }, [load]);

  const show = (e?: FormEvent) => {
    e?.preventDefault();
    if (kind === 'custom') {
      if (from && to) setQuery({ kind, from, to });
    } else if (date) setQuery({ kind, date });
  };
  const step = (by: number) => {
    if (kind === 'custom') return;
    const d = shift(date, kind, by);
    setDate(d);
    setQuery({ kind, date: d });
  };
  const moreComments = async () => {
    if (!comments?.next) return;
    const r = await call<{ items: CommentRow[]; next: { ratedAt: number; id: string } | null }>(
      'GET',
      `/api/admin/stats/comments?${rangeParams(query)}&limit=20&beforeAt=${comments.next.ratedAt}&beforeId=${encodeURIComponent(comments.next.id)}`,
    );
    if (r.ok) setComments({ items: [...comments.items, ...r.data.items], next: r.data.next });
  };

  const options = useMemo(
    () => (stats ? { trend: trendOption(stats, t), dist: distributionOption(stats, t), counters: countersOption(stats, t), heat: heatOption(stats, t) } : null),
    [stats, t],
  );
  const s = stats;
  const label = (d: Dimension, key: string, l: string) => (d === 'source' ? (t.stats.sources[key] ?? key) : key === '' ? t.stats.unknown[d] : l);

  return (
    <div className="stats" data-testid="stats-page">
      <form className="adm-card stats-range" onSubmit={show} data-testid="stats-range">
        <label className="adm-field">
          <span>{t.stats.period}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as RangeKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t.stats.kinds[k]}
              </option>
            ))}
          </select>
        </label>
        {kind === 'custom' ? (
          <>
            <DayField label={t.stats.from} value={from} onChange={setFrom} />
            <DayField label={t.stats.to} value={to} onChange={setTo} />
          </>
        ) : (
          <DayField label={t.stats.date} value={date} onChange={setDate} />
        )}
        <div className="adm-actions">
          <button type="submit" className="adm-primary">
            {t.stats.show}
          </button>
          {kind !== 'custom' && (
            <>
              <button type="button" className="adm-link-button" onClick={() => step(-1)}>
                {t.stats.previous}
              </button>
              <button type="button" className="adm-link-button" onClick={() => step(1)}>
                {t.stats.next}
              </button>
            </>
          )}
        </div>
      </form>
      <ErrorText reason={error} />
      {s && options && (
        <>
          <p className="stats-period" data-testid="stats-period" data-from={s.range.from} data-to={s.range.to}>
            {t.stats.range(formatDay(s.range.from), formatDay(s.range.to))}
          </p>
          <div className="stats-kpis" data-testid="stats-kpis">
            <Kpi label={t.stats.kpi.ratings} value={num(s.ratings.total)} testId="kpi-ratings" />
            <Kpi label={t.stats.kpi.satisfaction} value={pct(s.ratings.satisfactionRate)} hint={t.stats.kpi.satisfactionHint} testId="kpi-satisfaction" />
            <Kpi label={t.stats.kpi.mean} value={s.ratings.meanScore === null ? '–' : s.ratings.meanScore.toLocaleString('vi-VN')} />
            <Kpi label={t.stats.kpi.flagged} value={num(s.ratings.flagged)} />
            <Kpi label={t.stats.kpi.received} value={num(s.files.received)} testId="kpi-received" />
            <Kpi label={t.stats.kpi.returned} value={num(s.files.returned)} />
            <Kpi label={t.stats.kpi.onTime} value={num(s.files.returnedOnTime)} />
            <Kpi label={t.stats.kpi.late} value={num(s.files.late)} />
            <Kpi label={t.stats.kpi.inProgress} value={num(s.files.inProgress)} />
            <Kpi label={t.stats.kpi.avgDays} value={s.files.avgProcessingDays === null ? '–' : s.files.avgProcessingDays.toLocaleString('vi-VN')} />
            <Kpi label={t.stats.kpi.apologies} value={num(s.files.apologies)} />
            <Kpi label={t.stats.kpi.smsSent} value={num(s.sms.sent)} />
            <Kpi label={t.stats.kpi.smsDelivered} value={num(s.sms.delivered)} />
            <Kpi label={t.stats.kpi.smsFailed} value={num(s.sms.failed)} />
          </div>
          <section className="adm-card" data-testid="stats-sms-channels">
            <h2>{t.stats.smsByChannel}</h2>
            <table className="adm-table stats-channels">
              <thead>
                <tr>
                  <th>{t.stats.channel}</th>
                  <th>{t.stats.kpi.smsSent}</th>
                  <th>{t.stats.kpi.smsDelivered}</th>
                  <th>{t.stats.kpi.smsFailed}</th>
                </tr>
              </thead>
              <tbody>
                {(['zns', 'sms'] as const).map((c) => (
                  <tr key={c} data-testid="stats-channel" data-channel={c}>
                    <th scope="row">{t.sms.channel[c]}</th>
                    <td data-figure="sent">{num(s.smsByChannel[c].sent)}</td>
                    <td data-figure="delivered">{num(s.smsByChannel[c].delivered)}</td>
                    <td data-figure="failed">{num(s.smsByChannel[c].failed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="adm-meta">{t.stats.smsByChannelHint}</p>
          </section>
          <div className="stats-charts">
            <section className="adm-card stats-wide">
              <h2>{s.hourly ? t.stats.charts.trendHourly : t.stats.charts.trend}</h2>
              <Chart option={options.trend} testId="chart-trend" label={s.hourly ? t.stats.charts.trendHourly : t.stats.charts.trend} />
            </section>
            <section className="adm-card">
              <h2>{t.stats.charts.distribution}</h2>
              <Chart option={options.dist} testId="chart-distribution" label={t.stats.charts.distribution} />
            </section>
            <section className="adm-card">
              <h2>{t.stats.charts.counters}</h2>
              <Chart option={options.counters} height={countersHeight(s)} testId="chart-counters" label={t.stats.charts.counters} />
            </section>
            <section className="adm-card stats-wide">
              <h2>{t.stats.charts.heat}</h2>
              <Chart option={options.heat} height={300} testId="chart-heat" label={t.stats.charts.heat} />
              <p className="adm-meta">{t.stats.charts.heatHint}</p>
            </section>
          </div>
          <ExportButtons range={query} kind={s.range.kind} />
          <section className="adm-card" data-testid="stats-breakdown">
            <div className="adm-card-head">
              <h2>{t.stats.breakdown}</h2>
              <div className="adm-actions" role="tablist">
                {DIMS.map((d) => (
                  <button key={d} type="button" role="tab" aria-selected={dim === d} className={dim === d ? 'adm-primary' : 'adm-link-button'} onClick={() => setDim(d)}>
                    {t.stats.dims[d]}
                  </button>
                ))}
              </div>
            </div>
            <table className="stats-table" data-testid="breakdown-table" data-dim={dim}>
              <thead>
                <tr>
                  <th>{t.stats.dims[dim]}</th>
                  <th>{t.stats.col.total}</th>
                  <th>{t.stats.level3.verySatisfied}</th>
                  <th>{t.stats.level3.satisfied}</th>
                  <th>{t.stats.level3.notSatisfied}</th>
                  <th>{t.stats.col.rate}</th>
                  <th>{t.stats.col.mean}</th>
                  <th>{t.stats.col.flagged}</th>
                  {dim !== 'source' && (
                    <>
                      <th>{t.stats.col.received}</th>
                      <th>{t.stats.col.returned}</th>
                      <th>{t.stats.col.onTime}</th>
                      <th>{t.stats.col.late}</th>
                      <th>{t.stats.col.apologies}</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {s.breakdown[dim].map((b) => (
                  <tr key={b.key} data-key={b.key}>
                    <th scope="row">{label(dim, b.key, b.label)}</th>
                    <td>{num(b.ratings.total)}</td>
                    <td>{num(b.ratings.level3.verySatisfied)}</td>
                    <td>{num(b.ratings.level3.satisfied)}</td>
                    <td>{num(b.ratings.level3.notSatisfied)}</td>
                    <td>{pct(b.ratings.satisfactionRate)}</td>
                    <td>{b.ratings.meanScore === null ? '–' : b.ratings.meanScore.toLocaleString('vi-VN')}</td>
                    <td>{num(b.ratings.flagged)}</td>
                    {dim !== 'source' && b.files && (
                      <>
                        <td>{num(b.files.received)}</td>
                        <td>{num(b.files.returned)}</td>
                        <td>{num(b.files.returnedOnTime)}</td>
                        <td>{num(b.files.late)}</td>
                        <td>{num(b.files.apologies)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <div className="adm-columns">
            <section className="adm-card">
              <h2>{t.stats.reasons}</h2>
              {Object.keys(s.ratings.reasons).length === 0 ? (
                <p className="adm-empty">{t.stats.noReasons}</p>
              ) : (
                <table className="stats-table">
                  <tbody>
                    {Object.entries(s.ratings.reasons)
                      .sort((a, b) => b[1] - a[1])
                      .map(([k, n]) => (
                        <tr key={k}>
                          <th scope="row">{t.reasons[k as keyof typeof t.reasons] ?? k}</th>
                          <td>{num(n)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="adm-card" data-testid="stats-comments">
              <h2>{t.stats.comments(s.ratings.comments)}</h2>
              {!comments || comments.items.length === 0 ? (
                <p className="adm-empty">{t.stats.noComments}</p>
              ) : (
                <ul className="stats-comments">
                  {comments.items.map((c) => (
                    <li key={c.id}>
                      <span className="adm-meta">
                        {formatDay(c.day)} · {c.counter}
                        {c.staff ? ` · ${c.staff}` : ''} · {t.scores[c.score as 1]}
                      </span>
                      <p>{c.comment}</p>
                    </li>
                  ))}
                </ul>
              )}
              {comments?.next && (
                <button type="button" className="adm-link-button" onClick={() => void moreComments()}>
                  {t.stats.more}
                </button>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="stats-kpi" data-testid={testId} title={hint}>
      <span className="stats-kpi-value">{value}</span>
      <span className="stats-kpi-label">{label}</span>
    </div>
  );
}
