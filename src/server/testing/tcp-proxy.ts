import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a test service, to play the network between the server and its
 * stores: `set(true)` stops passing bytes both ways without closing anything, as a
 * black-holed route or a cut cable would; `openDelayMs` holds each new connection's first
 * bytes that long, as a database too busy to answer its handshake would.
 */
export interface TcpProxy {
  port: number;
  /** the target's URL with the proxy's address in its place */
  url: string;
  set(holed: boolean): void;
  close(): Promise<void>;
}

export async function tcpProxy(targetUrl: string, { openDelayMs = 0 } = {}): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  let holed = false;
  const pairs = new Set<[Socket, Socket]>();
  const opening = new Set<[Socket, Socket]>();
  const timers = new Set<NodeJS.Timeout>();
  // Paused sockets read nothing: what was sent waits in the buffers, as unacknowledged data
  // waits for a retransmission, and flows again once the hole closes.
  const apply = (pair: [Socket, Socket]) => {
    const flowing = !holed && !opening.has(pair);
    for (const socket of pair) {
      if (flowing) socket.resume();
      else socket.pause();
    }
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      opening.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    if (openDelayMs > 0) {
      opening.add(pair);
      const timer = setTimeout(() => {
        timers.delete(timer);
        opening.delete(pair);
        apply(pair);
      }, openDelayMs);
      timers.add(timer);
    }
    apply(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const proxied = new URL(targetUrl);
  proxied.host = `127.0.0.1:${port}`;
  return {
    port,
    url: proxied.toString(),
    set(on) {
      holed = on;
      pairs.forEach(apply);
    },
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        pairs.forEach(([a, b]) => (a.destroy(), b.destroy()));
        server.close(() => resolve());
      }),
  };
}
