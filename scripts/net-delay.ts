// A network between everyone and the media server, for benchmarks on one machine. This kernel has no
// `netem`, so the delay is added in userspace: a TCP proxy for the media server's signalling and server
// API, and a UDP proxy for its media, each holding every packet or chunk for half the round trip in
// each direction (in order, no loss, no jitter). The TCP part alone (`startTcpDelayProxy`) also puts the
// app at a distance from its visitors (the move benchmark's --app-rtt).
//
// The media server then has to advertise the UDP proxy instead of itself: it binds its UDP port on
// 127.0.0.1 only, advertises `node_ip: 127.0.0.2` (the proxy, on the same port) and runs ICE lite, so
// that it never sends a connectivity check of its own straight to a client (a check the client answered
// would make a pair around the proxy). The media server sees each client through one upstream socket of
// the proxy, a peer-reflexive address, as it would see a client behind NAT.
import dgram from 'node:dgram';
import net from 'node:net';

export interface DelayProxy {
  /** The media server's signalling and API, through the proxy (ws://127.0.0.1:port). */
  url: string;
  /** Bytes and packets carried, both ways. */
  carried(): { tcpBytes: number; udpPackets: number };
  stop(): void;
}

export interface TcpDelayProxy {
  /** Where the proxy listens: 127.0.0.1:port (a URL needs its scheme, e.g. `http://${address}`). */
  address: string;
  /** Bytes carried, both ways. */
  carriedBytes(): number;
  stop(): void;
}

export const PROXY_MEDIA_HOST = '127.0.0.2';

/** The media server's settings behind the proxy (scripts/livekit.ts): it advertises the proxy, ICE lite. */
export const BEHIND_DELAY_PROXY = { nodeIp: PROXY_MEDIA_HOST, iceLite: true } as const;

/**
 * Runs `fn` after half the round trip (at once for 0), unless `stopped()` by then. Timers of one
 * duration fire in the order they were set, so each direction keeps its order.
 */
function halfWay(rttMs: number, stopped: () => boolean) {
  const half = rttMs / 2;
  return (fn: () => void) => {
    if (half > 0) setTimeout(() => !stopped() && fn(), half);
    else fn();
  };
}

/**
 * One direction of a delayed stream: runs each `fn` at its time `at` (non-decreasing), strictly in the
 * order given, unless `stopped()` by then.
 */
function inOrder(stopped: () => boolean) {
  const queue: Array<{ at: number; fn: () => void }> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pump = () => {
    timer = undefined;
    while (queue.length > 0 && queue[0]!.at <= Date.now()) {
      const { fn } = queue.shift()!;
      if (!stopped()) fn();
    }
    if (queue.length > 0) timer = setTimeout(pump, queue[0]!.at - Date.now());
  };
  return (at: number, fn: () => void) => {
    queue.push({ at, fn });
    if (!timer) timer = setTimeout(pump, Math.max(0, at - Date.now()));
  };
}

/**
 * Starts a TCP proxy alone: 127.0.0.1:`port` → 127.0.0.1:`targetPort`, each chunk each way after
 * `rttMs / 2`. It passes bytes as they are (an HTTP request keeps its Host header, the proxy's address).
 * A new connection costs its handshake's round trip, as on a network: the client's first bytes reach
 * the server one round trip later than they would on an open connection.
 */
export async function startTcpDelayProxy(o: {
  rttMs: number;
  port: number;
  targetPort: number;
}): Promise<TcpDelayProxy> {
  let bytes = 0;
  let stopped = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: o.targetPort, noDelay: true });
    sockets.add(client).add(upstream);
    // The kernel accepted the connection at once; on a network the client's first bytes leave only once
    // the handshake's SYN-ACK is back (one round trip), so nothing reaches the server before then.
    const open = Date.now() + o.rttMs;
    const pipe = (from: net.Socket, to: net.Socket, first: number) => {
      const send = inOrder(() => stopped);
      const at = () => Math.max(Date.now(), first) + o.rttMs / 2;
      from.on('data', (chunk) => {
        bytes += chunk.length;
        send(at(), () => !to.destroyed && to.write(chunk));
      });
      from.on('end', () => send(at(), () => to.end()));
      from.on('close', () => send(at(), () => to.destroy()));
      from.on('error', () => undefined);
    };
    pipe(client, upstream, open);
    pipe(upstream, client, 0);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  return {
    address: `127.0.0.1:${o.port}`,
    carriedBytes: () => bytes,
    stop() {
      stopped = true;
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

/**
 * Starts the proxy: TCP on 127.0.0.1:`tcpPort` → 127.0.0.1:`targetTcpPort`, UDP on
 * 127.0.0.2:`udpPort` → 127.0.0.1:`udpPort`, each way after `rttMs / 2`.
 */
export async function startDelayProxy(o: {
  rttMs: number;
  tcpPort: number;
  targetTcpPort: number;
  udpPort: number;
}): Promise<DelayProxy> {
  const tcp = await startTcpDelayProxy({ rttMs: o.rttMs, port: o.tcpPort, targetPort: o.targetTcpPort });
  let udpPackets = 0;
  let stopped = false;
  const later = halfWay(o.rttMs, () => stopped);

  const front = dgram.createSocket('udp4');
  /** One upstream socket per client address, so the media server tells clients apart. */
  const upstreams = new Map<string, dgram.Socket>();
  front.on('message', (msg, from) => {
    udpPackets++;
    const key = `${from.address}:${from.port}`;
    let up = upstreams.get(key);
    if (!up) {
      const sock = dgram.createSocket('udp4');
      sock.bind(0, '127.0.0.1');
      sock.on('message', (back) => {
        udpPackets++;
        later(() => front.send(back, from.port, from.address));
      });
      sock.on('error', () => undefined);
      upstreams.set(key, sock);
      up = sock;
    }
    const target = up;
    later(() => target.send(msg, o.udpPort, '127.0.0.1'));
  });
  front.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(o.udpPort, PROXY_MEDIA_HOST, () => resolve());
  }).catch((err: unknown) => {
    tcp.stop();
    throw err;
  });

  return {
    url: `ws://${tcp.address}`,
    carried: () => ({ tcpBytes: tcp.carriedBytes(), udpPackets }),
    stop() {
      stopped = true;
      tcp.stop();
      front.close();
      for (const s of upstreams.values()) s.close();
    },
  };
}
