import { createReadStream, existsSync, statSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import path from 'path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** URL prefix → folder on disk. */
export type Mounts = Record<string, string>;

export interface HarnessServer {
  url: string;
  /** Paths the page asked for that do not exist (a missing bundle shows up here). */
  missing: string[];
  /** Paths that were answered with a file. */
  served: string[];
  close(): Promise<void>;
}

/** Serves the harness page, the plugin's dist/ and Grafana's icons on 127.0.0.1 with an OS-chosen port. */
export async function startHarnessServer(mounts: Mounts): Promise<HarnessServer> {
  const missing: string[] = [];
  const served: string[] = [];
  const server: Server = createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const prefix = Object.keys(mounts)
      .sort((a, b) => b.length - a.length)
      .find((p) => urlPath.startsWith(p));
    const root = prefix === undefined ? undefined : path.resolve(mounts[prefix]);
    const file = root === undefined ? undefined : path.join(root, urlPath.slice(prefix!.length));
    if (!root || !file || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      missing.push(urlPath);
      response.writeHead(404).end();
      return;
    }
    served.push(urlPath);
    response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    missing,
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
