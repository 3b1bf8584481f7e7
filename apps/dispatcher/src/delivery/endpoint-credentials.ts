import { Injectable } from '@nestjs/common';
import { EndpointState } from '@hookline/contracts';
import { SecretBox, SigningKey, signingKey } from '@hookline/signing';

interface Credentials {
  keys: SigningKey[];
  headers: Record<string, string>;
}

/**
 * Opens an endpoint's sealed secrets and headers once per endpoint version: the registry view
 * replaces the state object on every change, so the cache is keyed by that object.
 */
@Injectable()
export class EndpointCredentials {
  private readonly cache = new WeakMap<EndpointState, Credentials>();

  constructor(private readonly secretBox: SecretBox) {}

  for(endpoint: EndpointState, now = Date.now()): Credentials {
    let credentials = this.cache.get(endpoint);
    if (!credentials) {
      credentials = {
        keys: [],
        headers: endpoint.headersSealed ? JSON.parse(this.secretBox.open(endpoint.headersSealed)) : {},
      };
      this.cache.set(endpoint, credentials);
    }
    // Rotated secrets keep signing until they expire; recomputed only while one is still pending expiry.
    const active = endpoint.secrets.filter((secret) => !secret.expiresAt || Date.parse(secret.expiresAt) > now);
    if (credentials.keys.length !== active.length) {
      credentials.keys = active.map((secret) => signingKey(this.secretBox.open(secret.sealed)));
    }
    return credentials;
  }
}
