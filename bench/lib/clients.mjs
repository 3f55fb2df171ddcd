import WebSocket from 'ws';

/** Opens a WebSocket with the given subprotocol (or none), no compression. */
export function open(url, protocol) {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, protocol ? [protocol] : undefined, { perMessageDeflate: false });
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
  });
}

/** Opens `count` sockets, `batch` at a time, each from `urlOf(i)`. */
export async function openMany(count, urlOf, protocol, batch = 100) {
  const sockets = [];
  for (let i = 0; i < count; i += batch) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(urlOf(i + j), protocol)))));
  }
  return sockets;
}
