export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** A minimal HTTP client for the REST API, for tests that check status codes and raw bodies. */
export class HooklineApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request('GET', path);
  }

  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request('POST', path, body === undefined ? undefined : JSON.stringify(body));
  }

  put<T = any>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request('PUT', path, JSON.stringify(body));
  }

  delete<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request('DELETE', path);
  }

  /** Sends `rawBody` as is (for malformed JSON tests). */
  async request<T = any>(method: string, path: string, rawBody?: string, token = this.token): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(rawBody !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: rawBody,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}
