import type { tokensVi } from './tokens.vi';

/** API tokens (/admin/accounts): English. */
export const tokensEn: typeof tokensVi = {
  title: 'API tokens for other software',
  hint: 'The province’s one-stop software or a script uses a token to send files and statuses through the API (see `docs/api.md`).',
  name: 'Name',
  namePlaceholder: 'e.g. Province one-stop software',
  create: 'Create token',
  createdFor: (name) => `API token “${name}”:`,
  none: 'No API tokens yet.',
  created: 'Created',
  lastUsed: 'Last used',
  never: 'Never',
  revoked: 'Revoked',
  revoke: 'Revoke',
  confirmRevoke: (name) => `Revoke API token “${name}”? Software using it stops working.`,
};
