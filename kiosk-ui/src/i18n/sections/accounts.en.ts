import type { accountsVi } from './accounts.vi';

/** Accounts (/admin/accounts): English. */
export const accountsEn: typeof accountsVi = {
  title: 'Accounts and API tokens',
  list: 'Accounts',
  username: 'Username',
  usernameHint: '2–32 characters: lower-case letters without accents, digits, dot, dash, underscore.',
  displayName: 'Full name',
  displayNamePlaceholder: 'e.g. Trần Thị Bình',
  role: 'Role',
  roles: { admin: 'Administrator', staff: 'One-stop staff' },
  state: 'State',
  active: 'Active',
  disabled: 'Disabled',
  created: 'Created',
  password: 'Password',
  passwordHint: (min) => `Leave empty for a generated password; otherwise at least ${min} characters.`,
  createTitle: 'Create an account',
  create: 'Create account',
  createdNotice: (u) => `Account ${u} created.`,
  generatedFor: (u) => `Password of ${u}:`,
  newPasswordFor: (u) => `New password of ${u}:`,
  disable: 'Disable',
  enable: 'Enable',
  resetPassword: 'Reset password',
  confirmDisable: (name) => `Disable ${name}’s account? They are signed out at once.`,
  confirmReset: (name) => `Reset ${name}’s password? They are signed out and need the new one.`,
};
