import { Server } from 'node:http';

export interface LocalServer {
  /** `http://127.0.0.1:<port><path>` */
  url: string;
  /** Drops open connections (a held request included) and stops listening. */
  close(): Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1, serving tests under `path`. */
export async function listenLocally(server: Server, path: string): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A server left open by a failing test must not keep jest from exiting.
  server.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
