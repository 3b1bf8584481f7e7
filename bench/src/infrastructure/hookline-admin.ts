/** A small client of the gateway's admin API for scenario set-up (apps and endpoints) and tear-down. */
export class HooklineAdmin {
  constructor(
    private readonly gatewayUrl: string,
    private readonly token: string,
  ) {}

  async createApp(name: string): Promise<string> {
    const app = await this.post<{ id: string }>('/app', { name });
    return app.id;
  }

  /** An endpoint taking every event type, signed with a secret Hookline generates. */
  async createEndpoint(appId: string, url: string): Promise<string> {
    const endpoint = await this.post<{ id: string }>(`/app/${appId}/endpoint`, { url, description: 'bench' });
    return endpoint.id;
  }

  async deleteEndpoint(appId: string, endpointId: string): Promise<void> {
    const path = `/app/${appId}/endpoint/${endpointId}`;
    const response = await fetch(`${this.gatewayUrl}/api/v1${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok) throw new Error(`DELETE ${path} answered ${response.status}: ${await response.text()}`);
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.gatewayUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}
