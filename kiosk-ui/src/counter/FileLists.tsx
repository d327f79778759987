import { useCallback, useEffect, useState } from 'react';
import type { FileListName, FileView } from '@onestop/shared';
import { seg } from '../api';
import { useT } from '../i18n';
import { ErrorText } from '../ui/ErrorText';
import { FileTable } from './FileTable';
import { ACTION_TARGET, type ActionKind } from './nextAction';
import { useStaffApi } from './session';

const LISTS: FileListName[] = ['today', 'due-tomorrow', 'overdue', 'ready', 'supplement'];
const REFRESH_MS = 30_000;
const SEARCH_DELAY_MS = 300;

/** Today's files, due tomorrow, overdue, ready and not collected, waiting for papers; and a search. */
export function FileLists({ version, onOpen, onChanged }: { version: number; onOpen(code: string): void; onChanged(): void }) {
  const t = useT();
  const call = useStaffApi();
  const [tab, setTab] = useState<FileListName>('today');
  const [lists, setLists] = useState<Partial<Record<FileListName, FileView[]>>>({});
  const [q, setQ] = useState('');
  const [found, setFound] = useState<FileView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyCode, setBusyCode] = useState<string | null>(null);

  const load = useCallback(async () => {
    const rs = await Promise.all(LISTS.map((l) => call<FileView[]>('GET', `/api/staff/files?list=${l}`)));
    const next: Partial<Record<FileListName, FileView[]>> = {};
    rs.forEach((r, i) => {
      if (r.ok) next[LISTS[i]!] = r.data;
    });
    const bad = rs.find((r) => !r.ok);
    setError(bad && !bad.ok ? bad.reason : null);
    setLists(next);
  }, [call]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, version]);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) return setFound(null);
    let live = true;
    const timer = setTimeout(() => {
      void call<FileView[]>('GET', `/api/staff/files?q=${encodeURIComponent(text)}`).then((r) => {
        if (!live) return;
        if (r.ok) setFound(r.data);
        else setError(r.reason);
      });
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, call, version]);

  const quick = async (f: FileView, a: ActionKind) => {
    setBusyCode(f.code);
    const r = await call<FileView>('POST', `/api/staff/files/${seg(f.code)}/status`, { status: ACTION_TARGET[a] });
    setBusyCode(null);
    if (!r.ok) return setError(r.reason);
    setError(null);
    onChanged();
  };

  const shown = found ?? lists[tab] ?? null;
  return (
    <section className="cnt-card file-lists" data-testid="file-lists">
      <div className="lists-head">
        <div className="tabs" role="tablist">
          {LISTS.map((l) => (
            <button
              key={l}
              type="button"
              role="tab"
              aria-selected={found === null && tab === l}
              className={`tab tab-${l}` + (found === null && tab === l ? ' active' : '')}
              onClick={() => {
                setTab(l);
                setQ('');
              }}
              data-testid={`tab-${l}`}
            >
              {t.counter.lists[l]}
              <span className={'tab-count' + ((l === 'overdue' || l === 'due-tomorrow') && (lists[l]?.length ?? 0) > 0 ? ' tab-count-alert' : '')}>{lists[l]?.length ?? '·'}</span>
            </button>
          ))}
        </div>
        <input type="search" className="lists-search" placeholder={t.counter.searchPlaceholder} aria-label={t.counter.searchPlaceholder} value={q} onChange={(e) => setQ(e.target.value)} data-testid="file-search" />
      </div>
      <ErrorText reason={error} />
      {found !== null ? <p className="cnt-muted">{t.counter.searchResults(found.length)}</p> : null}
      {shown === null ? <p>{t.loading}</p> : <FileTable files={shown} onOpen={onOpen} onQuick={(f, a) => void quick(f, a)} busyCode={busyCode} />}
    </section>
  );
}
