import { Fragment, type HTMLAttributes } from 'react';

/**
 * Something a person types or copies exactly as it is: a command, a file path, an environment variable's name, a
 * template's placeholder, a field's name on a provider's site. Shown in monospace and marked `translate="no"`, so
 * neither a browser's translator nor the readability check (tests/kit/readable.ts) takes it for a sentence
 * (docs/decisions/0135-typed-text-is-marked-not-translated.md).
 */
export function Code(props: Omit<HTMLAttributes<HTMLElement>, 'translate'> & { 'data-testid'?: string }) {
  return <code {...props} translate="no" />;
}

/**
 * A catalogue text whose typed parts are written between backticks: "dừng máy chủ rồi chạy `npx hub restore`" shows
 * the words as words and the command as <Code>. A text without backticks is shown as it is.
 */
export function Typed({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((p, i) => (i % 2 === 1 ? <Code key={i}>{p}</Code> : <Fragment key={i}>{p}</Fragment>))}</>;
}
