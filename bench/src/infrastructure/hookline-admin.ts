/** What the bench sets up through the HTTP API, as an operator would. */
export interface EndpointSpec {
  url: string;
  /** The bench chooses the signing secret so the raw-limit run signs with the same one. */
  secret: string;
  timeoutMs?: number;
}

/** A small client of the gateway's admin API for scenario set-up (apps and endpoints). */
export class HooklineAdmin {
  constructor(
    private readonly gatewayUrl: string,
    private readonly token: string,
  ) {}

  async createApp(name: string): Promise<string> {
    const app = await this.post<{ id: string }>('/app', { name });
    return app.id;
  }

  async createEndpoint(appId: string, spec: EndpointSpec): Promise<string> {
    const endpoint = await this.post<{ id: string }>(`/app/${appId}/endpoint`, { description: 'bench', ...spec });
    return endpoint.id;
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
