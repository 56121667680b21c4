import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export function handleDemoRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
export function startDemoServer(options?: { port?: number }): Promise<{
  server: Server;
  port: number;
  url: (pathname?: string) => string;
  close: () => Promise<void>;
}>;
