import type { Services } from '../services.js';

type Values = Record<string, string | boolean | undefined>;

/**
 * `hub user …` and `hub token …`, run against the data directory whether or not a hub is running there. A secret
 * (password, token) is printed alone on the last line, so a script can take it with `tail -n 1`.
 */
export async function accountsCli({ auth, apiTokens: tokens, audit }: Pick<Services, 'auth' | 'apiTokens' | 'audit'>, cmd: 'user' | 'token', sub: string, v: Values, out: NodeJS.WritableStream, usage: (m: string) => never): Promise<number> {
  // every change is audited like the same change made on /admin, by the actor "cli"
  const record = (e: Parameters<typeof audit.record>[1]) => audit.record({ id: null, name: 'cli' }, e);
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const userNamed = () => {
    const username = str('username') ?? usage(`user ${sub} needs --username`);
    return auth.userByName(username.toLowerCase()) ?? usage(`no account "${username}"`);
  };
  if (cmd === 'user') {
    switch (sub) {
      case 'add': {
        const username = str('username') ?? usage('user add needs --username');
        const role = str('role') ?? usage('user add needs --role admin|staff');
        const { user, password } = await auth.createUser({ username, role, ...(str('name') ? { displayName: str('name') } : {}) });
        record({ kind: 'account', action: 'create', target: user.username, after: user });
        out.write(`Đã tạo tài khoản "${user.username}" (${user.role === 'admin' ? 'quản trị' : 'cán bộ'}: ${user.displayName}); mật khẩu, chỉ in một lần:\n${password}\n`);
        return 0;
      }
      case 'list':
        for (const u of auth.users()) out.write(`${u.id}\t${u.username}\t${u.role}\t${u.displayName}${u.disabled ? '\t(disabled)' : ''}\n`);
        return 0;
      case 'disable': {
        const before = userNamed();
        const u = auth.disable(before.id);
        record({ kind: 'account', action: 'disable', target: u.username, before, after: u });
        out.write(`Đã khoá tài khoản "${u.username}"; các phiên đăng nhập đã kết thúc.\n`);
        return 0;
      }
      case 'enable': {
        const before = userNamed();
        const u = auth.enable(before.id);
        record({ kind: 'account', action: 'enable', target: u.username, before, after: u });
        out.write(`Đã mở lại tài khoản "${u.username}".\n`);
        return 0;
      }
      case 'reset-password': {
        const u = userNamed();
        const pw = await auth.resetPassword(u.id);
        record({ kind: 'account', action: 'reset-password', target: u.username });
        out.write(`Mật khẩu mới của "${u.username}", chỉ in một lần:\n${pw}\n`);
        return 0;
      }
    }
    return usage('user needs a subcommand: add | list | disable | enable | reset-password');
  }
  switch (sub) {
    case 'add': {
      const { token, view } = tokens.create({ name: str('name') ?? usage('token add needs --name') });
      record({ kind: 'api-token', action: 'create', target: view.id, after: view });
      out.write(`API token "${view.name}" (${view.id}); dùng: Authorization: Bearer <token>; chỉ in một lần:\n${token}\n`);
      return 0;
    }
    case 'list':
      for (const t of tokens.list()) out.write(`${t.id}\t${t.name}\t${new Date(t.createdAt).toISOString()}${t.revoked ? '\t(revoked)' : ''}\n`);
      return 0;
    case 'revoke': {
      const id = str('id') ?? usage('token revoke needs --id');
      const before = tokens.list().find((t) => t.id === id);
      tokens.revoke(id);
      record({ kind: 'api-token', action: 'revoke', target: id, before, after: tokens.list().find((t) => t.id === id) });
      out.write(`Đã thu hồi token ${id}.\n`);
      return 0;
    }
  }
  return usage('token needs a subcommand: add | list | revoke');
}
