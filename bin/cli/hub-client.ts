/** A small client of the hub's HTTP API for the CLI: key handling and problem+json errors turned into messages. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class HubClient {
  constructor(
    readonly url: string,
    private readonly key: string,
  ) {}

  async request<T>(method: string, path: string, body?: { json?: unknown; ndjson?: unknown[] }): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}` };
    let payload: string | undefined;
    if (body?.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body?.ndjson) {
      headers['Content-Type'] = 'application/x-ndjson';
      payload = `${body.ndjson.map((r) => JSON.stringify(r)).join('\n')}\n`;
    }
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
    } catch (error) {
      throw new HubError(
        0,
        `cannot reach the hub at ${this.url} (${(error as Error).cause ?? (error as Error).message}); is it running?`,
      );
    }
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const fields = (parsed?.errors ?? [])
        .map((e: { path: string; message: string }) => `\n  ${e.path}: ${e.message}`)
        .join('');
      throw new HubError(
        res.status,
        `${res.status} ${parsed?.code ?? ''}: ${parsed?.detail ?? text}${fields}`,
      );
    }
    return parsed as T;
  }
}
