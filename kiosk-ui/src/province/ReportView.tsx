import { useI18n } from '../i18n';
import { dmy, num, percent } from './range';
import { TrendChart } from './TrendChart';
import type { ProvinceReport } from '@onestop/shared';

/** The period's figures: totals, trend, ranking, per commune, who is silent, and communes × days. */
export function ReportView({ report }: { report: ProvinceReport }) {
  const { t, lang } = useI18n();
  const p = report.province;
  return (
    <>
      <div className="prov-cards" data-testid="province-totals">
        <div className="prov-card">
          <span>{t.province.cards.communes}</span>
          <strong>
            {num(p.communesReporting, lang)} / {num(p.communes, lang)}
          </strong>
        </div>
        <div className="prov-card">
          <span>{t.province.cards.ratings}</span>
          <strong>{num(p.total, lang)}</strong>
        </div>
        <div className="prov-card">
          <span>{t.province.cards.satisfaction}</span>
          <strong data-testid="province-satisfaction">{percent(p.satisfaction, lang)}</strong>
        </div>
        <div className="prov-card">
          <span>{t.province.cards.summaries}</span>
          <strong>{num(p.summaries, lang)}</strong>
        </div>
      </div>
      <p className="adm-meta">{t.province.satisfactionHint}</p>

      <section className="adm-card">
        <h2>{t.province.trendTitle}</h2>
        <TrendChart trend={report.trend} />
      </section>

      <div className="adm-columns">
        <section className="adm-card">
          <h2>{t.province.rankingTitle}</h2>
          {report.ranking.length === 0 ? (
            <p className="adm-empty">{t.province.empty}</p>
          ) : (
            <table className="adm-table" data-testid="ranking">
              <thead>
                <tr>
                  <th>{t.province.col.rank}</th>
                  <th>{t.province.col.name}</th>
                  <th>{t.province.col.satisfaction}</th>
                  <th>{t.province.col.total}</th>
                </tr>
              </thead>
              <tbody>
                {report.ranking.map((r) => (
                  <tr key={r.code}>
                    <td>{r.rank}</td>
                    <td>{r.name}</td>
                    <td>{percent(r.satisfaction, lang)}</td>
                    <td>{num(r.total, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="adm-card">
          <h2>{t.province.missingTitle}</h2>
          {report.missing.length === 0 ? (
            <p className="adm-ok">{t.province.missingNone}</p>
          ) : (
            <table className="adm-table" data-testid="missing">
              <thead>
                <tr>
                  <th>{t.province.col.name}</th>
                  <th>{t.province.col.lastReported}</th>
                  <th>{t.province.col.daysMissing}</th>
                </tr>
              </thead>
              <tbody>
                {report.missing.map((m) => (
                  <tr key={m.code}>
                    <td>{m.name}</td>
                    <td>{m.silentSince ? t.province.missingSince(dmy(m.silentSince)) : t.province.missingNever}</td>
                    <td>{m.daysMissing}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="adm-card">
        <h2>{t.province.communesTitle}</h2>
        <table className="adm-table" data-testid="commune-figures">
          <thead>
            <tr>
              <th>{t.province.col.code}</th>
              <th>{t.province.col.name}</th>
              <th>{t.province.col.days}</th>
              <th>{t.province.col.total}</th>
              <th>{t.province.col.satisfaction}</th>
              <th>{t.province.col.files}</th>
              <th>{t.province.col.late}</th>
              <th>{t.province.col.sms}</th>
            </tr>
          </thead>
          <tbody>
            {report.communes.map((c) => (
              <tr key={c.code}>
                <td>{c.code}</td>
                <td>{c.name}</td>
                <td>{c.daysReported}</td>
                <td>{num(c.total, lang)}</td>
                <td>{percent(c.satisfaction, lang)}</td>
                <td>
                  {num(c.files.received, lang)} / {num(c.files.returned, lang)}
                </td>
                <td>{num(c.files.late, lang)}</td>
                <td>{num(c.sms.sent, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="adm-card">
        <h2>{t.province.matrixTitle}</h2>
        {report.matrix === null ? (
          <p className="adm-meta">{t.province.matrixTooLong(62)}</p>
        ) : (
          <div className="prov-matrix-wrap">
            <table className="prov-matrix" data-testid="matrix">
              <thead>
                <tr>
                  <th>{t.province.col.name}</th>
                  {report.days.map((d) => (
                    <th key={d} title={dmy(d)}>
                      {d.slice(8, 10)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.communes.map((c) => (
                  <tr key={c.code}>
                    <th>{c.name}</th>
                    {[...(report.matrix![c.code] ?? '')].map((x, i) => (
                      <td key={i} className={x === '1' ? 'yes' : 'no'} title={`${c.name} ${dmy(report.days[i]!)}`}>
                        {x === '1' ? '✓' : '·'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** The seeds' appendix table ("Phụ lục số liệu"): for each criterion, how many communes have it fully, partly, not at all. */
export function AppendixView({ report }: { report: ProvinceReport }) {
  const { t } = useI18n();
  return (
    <section className="adm-card">
      <h2>{t.province.appendixTitle}</h2>
      <p className="adm-meta">
        {t.province.period(dmy(report.from), dmy(report.to))}. {t.province.appendixIntro}
      </p>
      {report.appendix.map((row, i) => (
        <div key={row.criterion} className="prov-appendix" data-testid={`appendix-${row.criterion}`}>
          <h3>
            {i + 1}. {t.province.criteria[row.criterion]}
          </h3>
          <table className="adm-table">
            <tbody>
              {(['full', 'partial', 'none', 'noData'] as const).map((level) => (
                <tr key={level} data-level={level}>
                  <th>{t.province.levels[level]}</th>
                  <td className="prov-count">{row[level].count}</td>
                  <td>{row[level].communes.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="adm-meta">{t.province.definitions[row.criterion]}</p>
        </div>
      ))}
    </section>
  );
}
