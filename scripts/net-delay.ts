// A network between everyone and the media server, for benchmarks on one machine. This kernel has no
// `netem`, so the delay is added in userspace: a TCP proxy for the media server's signalling and server
// API, and a UDP proxy for its media, each holding every packet or chunk for half the round trip in
// each direction (in order, no loss, no jitter).
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

export const PROXY_MEDIA_HOST = '127.0.0.2';

/** The media server's settings behind the proxy (scripts/livekit.ts): it advertises the proxy, ICE lite. */
export const BEHIND_DELAY_PROXY = { nodeIp: PROXY_MEDIA_HOST, iceLite: true } as const;

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
  const half = o.rttMs / 2;
  let tcpBytes = 0;
  let udpPackets = 0;
  let stopped = false;
  const later = (fn: () => void) => {
    if (half > 0) setTimeout(() => !stopped && fn(), half);
    else fn();
  };

  // Timers of one duration fire in the order they were set, so each direction keeps its order.
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: o.targetTcpPort, noDelay: true });
    sockets.add(client).add(upstream);
    const pipe = (from: net.Socket, to: net.Socket) => {
      from.on('data', (chunk) => {
        tcpBytes += chunk.length;
        later(() => !to.destroyed && to.write(chunk));
      });
      from.on('end', () => later(() => to.end()));
      from.on('close', () => later(() => to.destroy()));
      from.on('error', () => undefined);
    };
    pipe(client, upstream);
    pipe(upstream, client);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.tcpPort, '127.0.0.1', () => resolve());
  });

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
  });

  return {
    url: `ws://127.0.0.1:${o.tcpPort}`,
    carried: () => ({ tcpBytes, udpPackets }),
    stop() {
      stopped = true;
      server.close();
      for (const s of sockets) s.destroy();
      front.close();
      for (const s of upstreams.values()) s.close();
    },
  };
}
