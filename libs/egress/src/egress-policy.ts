import { BlockList, LookupFunction, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

/** Ranges a webhook must never reach unless the operator allows them (SSRF protection). */
const BLOCKED_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15',
  '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];
const BLOCKED_V6 = [
  '::/128', '::1/128', '64:ff9b::/96', '64:ff9b:1::/48', '100::/64', '2001::/32', '2001:db8::/32',
  '2002::/16', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8',
];

function addCidr(list: BlockList, cidr: string): void {
  const [address, prefix] = cidr.split('/');
  const family = isIP(address);
  if (!family || prefix === undefined || !/^\d+$/.test(prefix)) throw new Error(`not a CIDR: ${cidr}`);
  list.addSubnet(address, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:1.2.3.4` (IPv4-mapped) is the IPv4 address it carries. */
function unmap(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export class EgressBlockedError extends Error {
  readonly code = 'EGRESS_BLOCKED';
}

/**
 * Decides which addresses deliveries may connect to: public unicast only, plus the CIDRs the
 * operator allow-lists (HOOKLINE_EGRESS_ALLOW). Checked at endpoint creation, at every connect
 * (so DNS rebinding cannot slip through) and on every redirect hop.
 */
export class EgressPolicy {
  private readonly blocked = new BlockList();
  private readonly allowed = new BlockList();

  constructor(
    allowCidrs: string[] = [],
    readonly httpsOnly = false,
  ) {
    BLOCKED_V4.forEach((cidr) => addCidr(this.blocked, cidr));
    BLOCKED_V6.forEach((cidr) => addCidr(this.blocked, cidr));
    allowCidrs.forEach((cidr) => addCidr(this.allowed, cidr));
  }

  /** Parses a comma-separated CIDR list; throws naming the first bad entry. */
  static parseCidrs(value: string): string[] {
    const cidrs = value.split(',').map((entry) => entry.trim()).filter(Boolean);
    cidrs.forEach((cidr) => addCidr(new BlockList(), cidr));
    return cidrs;
  }

  isAllowedAddress(address: string): boolean {
    const { address: plain, family } = unmap(address);
    return this.allowed.check(plain, family) || !this.blocked.check(plain, family);
  }

  /** Throws EgressBlockedError when the URL's scheme or literal address is not allowed. */
  checkUrl(url: URL): void {
    if (url.protocol !== 'https:' && (this.httpsOnly || url.protocol !== 'http:')) {
      throw new EgressBlockedError(`${url.protocol} URLs are not allowed${this.httpsOnly ? ' (HTTPS-only mode)' : ''}`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !this.isAllowedAddress(host)) throw new EgressBlockedError(`${host} is a private or reserved address`);
  }

  /** Resolves the URL's host and throws when any address it resolves to is not allowed. */
  async checkResolved(url: URL): Promise<void> {
    this.checkUrl(url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return;
    const addresses = await lookup(host, { all: true });
    const refused = addresses.find(({ address }) => !this.isAllowedAddress(address));
    if (refused) throw new EgressBlockedError(`${host} resolves to ${refused.address}, a private or reserved address`);
  }

  /**
   * A `lookup` for net/tls connect options: resolves, then refuses blocked addresses, so the
   * address actually connected to is the one checked.
   */
  readonly connectLookup: LookupFunction = (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    lookup(hostname, { all: true, family: family as 0 | 4 | 6 }).then(
      (addresses) => {
        const usable = addresses.filter(({ address }) => this.isAllowedAddress(address));
        if (usable.length === 0) {
          return callback(new EgressBlockedError(`${hostname} resolves only to private or reserved addresses`), '', 0);
        }
        if (options.all) return callback(null, usable);
        callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };
}
