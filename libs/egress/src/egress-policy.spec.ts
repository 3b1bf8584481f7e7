import { EgressBlockedError, EgressPolicy } from './egress-policy';

describe('EgressPolicy', () => {
  const policy = new EgressPolicy();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private 10/8'],
    ['172.20.0.1', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'CGNAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd00::1', 'IPv6 unique local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['2001:db8::1', 'documentation'],
  ])('refuses %s (%s)', (address) => {
    expect(policy.isAllowedAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (address) => {
    expect(policy.isAllowedAddress(address)).toBe(true);
  });

  it('lets the operator allow-list a range', () => {
    const local = new EgressPolicy(EgressPolicy.parseCidrs('127.0.0.0/8, ::1/128'));
    expect(local.isAllowedAddress('127.0.0.1')).toBe(true);
    expect(local.isAllowedAddress('::1')).toBe(true);
    expect(local.isAllowedAddress('10.0.0.1')).toBe(false);
  });

  it('checks literal hosts and schemes in URLs', () => {
    expect(() => policy.checkUrl(new URL('http://127.0.0.1:8080/x'))).toThrow(EgressBlockedError);
    expect(() => policy.checkUrl(new URL('http://[::1]/x'))).toThrow(EgressBlockedError);
    expect(() => policy.checkUrl(new URL('ftp://example.com/x'))).toThrow(EgressBlockedError);
    expect(() => policy.checkUrl(new URL('https://8.8.8.8/x'))).not.toThrow();
    expect(() => new EgressPolicy([], true).checkUrl(new URL('http://8.8.8.8/x'))).toThrow(/HTTPS-only/);
  });

  it('refuses a name that resolves to a blocked address', async () => {
    await expect(policy.checkResolved(new URL('http://localhost:9/x'))).rejects.toThrow(EgressBlockedError);
  });

  it('rejects a malformed allow-list entry', () => {
    expect(() => EgressPolicy.parseCidrs('10.0.0.0/8,not-a-cidr')).toThrow(/not-a-cidr/);
  });
});
