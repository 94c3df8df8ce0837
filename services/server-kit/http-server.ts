/** Node HTTP listening and closing for the platform's fetch-style servers (Yoga, the gateway, the identity provider). */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends open (keep-alive) connections and resolves when the socket is closed. */
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly handler: RequestListener;
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
}

export function listen({ handler, host, port }: ListenOptions): Promise<RunningServer> {
  const server: Server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is already in use (${error.message})`, { cause: error })
          : error,
      );
    });
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({
        url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actual}`,
        port: actual,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
