import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostAllowList, hostName } from './hosts.js';

const req = (host?: string) => ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

describe('the Host allow-list', () => {
  it('reads a Host header as a name: no port, no brackets, lower case, no trailing dot', () => {
    expect(hostName('LocalHost.:8080')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('[FE80::1]')).toBe('fe80::1');
    expect(hostName('192.168.1.10:8080')).toBe('192.168.1.10');
    expect(hostName('hub.local')).toBe('hub.local');
  });

  it('allows loopback, the machine’s addresses and name (+ .local), the public URL’s host, avahi’s name and the extra names; refuses others', () => {
    const list = hostAllowList({
      extra: ['Mot-Cua.xa-vidu.vn:8080'],
      publicUrls: ['https://hub.xa-vidu.gov.vn/', undefined],
      interfaces: () => ['127.0.0.1', '::1', '192.168.1.10', 'fe80::1'],
      hostname: () => 'may-chu',
      avahiConf: '/nonexistent/avahi-daemon.conf',
    });
    for (const h of ['localhost:8080', '127.0.0.1', '[::1]:8080', '192.168.1.10:8080', '[fe80::1]:8080', 'may-chu', 'may-chu.local:8080', 'hub.xa-vidu.gov.vn', 'mot-cua.xa-vidu.vn']) {
      expect(list.allows(req(h)), h).toBe(true);
    }
    for (const h of ['evil.example', 'evil.example:8080', '192.168.1.11', 'localhost.evil.example', 'may-chu.evil.example']) expect(list.allows(req(h)), h).toBe(false);
    // no Host at all is not a browser, so not a rebinding
    expect(list.allows(req())).toBe(true);
  });

  it('an address the machine gets later is allowed without a restart', () => {
    const addresses = ['192.168.1.10'];
    const list = hostAllowList({ interfaces: () => addresses, hostname: () => 'may-chu', avahiConf: '/nonexistent' });
    expect(list.allows(req('10.0.0.5:8080'))).toBe(false);
    addresses.push('10.0.0.5');
    expect(list.allows(req('10.0.0.5:8080'))).toBe(true);
  });
});
