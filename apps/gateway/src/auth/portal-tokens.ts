import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config';

const PREFIX = 'hkp_';

/** What an app-portal token grants: one app of one org, until it expires. */
export interface PortalClaims {
  orgId: string;
  appId: string;
  readOnly: boolean;
  /** Epoch seconds. */
  exp: number;
  /** Issued at, epoch milliseconds (absent in tokens issued before expire-all existed). */
  iat?: number;
  /** The session the token was issued for, if any. */
  sid?: string;
}

/**
 * Signed, self-contained app-portal tokens (HMAC-SHA256 with a key derived from the admin
 * token), so every gateway replica can check them without a lookup.
 */
@Injectable()
export class PortalTokens {
  private readonly key: Buffer;

  constructor(config: GatewayConfig) {
    this.key = createHmac('sha256', config.adminToken).update('hookline app-portal tokens v1').digest();
  }

  static looksLikeOne(token: string): boolean {
    return token.startsWith(PREFIX);
  }

  issue(claims: PortalClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${PREFIX}${payload}.${this.sign(payload)}`;
  }

  /** The token's claims, or undefined when it is forged, malformed or expired. */
  verify(token: string, nowSeconds = Date.now() / 1000): PortalClaims | undefined {
    const [payload, signature] = token.slice(PREFIX.length).split('.');
    if (!payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PortalClaims;
    return claims.exp > nowSeconds ? claims : undefined;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
