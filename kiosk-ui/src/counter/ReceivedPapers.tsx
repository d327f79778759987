import type { DocumentReceived } from '@onestop/shared';
import { useT } from '../i18n';

/**
 * The papers the citizen handed in, ticked from the procedure's thành phần hồ sơ, each with its number of copies:
 * the receipt (Mẫu số 01) lists them and their total.
 */
export function ReceivedPapers({ documents, value, onChange }: { documents: string[]; value: DocumentReceived[]; onChange(v: DocumentReceived[]): void }) {
  const t = useT();
  if (documents.length === 0) return null;
  const copiesOf = (name: string) => value.find((d) => d.name === name)?.copies ?? 0;
  const set = (name: string, copies: number) => onChange(documents.map((n) => ({ name: n, copies: n === name ? copies : copiesOf(n) })).filter((d) => d.copies > 0));
  return (
    <fieldset className="cnt-field received-papers" data-testid="received-papers">
      <legend className="cnt-label">{t.counter.papersReceived}</legend>
      {documents.map((name) => {
        const copies = copiesOf(name);
        return (
          <div key={name} className="received-paper">
            <label className="cnt-check">
              <input type="checkbox" checked={copies > 0} onChange={(e) => set(name, e.target.checked ? 1 : 0)} />
              <span>{name}</span>
            </label>
            <input type="number" min={1} max={99} aria-label={t.counter.papersCopies(name)} value={copies || ''} disabled={copies === 0} onChange={(e) => set(name, Math.min(99, Math.max(1, Number(e.target.value) || 1)))} />
          </div>
        );
      })}
    </fieldset>
  );
}
