// A REST send as the benches make it: POST of a text body to one server path over a keep-alive
// agent, with a bearer token for that URL.
import { Agent, request } from 'node:http';
import { token } from './processes.mjs';

/**
 * `send(body)` posts `body` to `path` on 127.0.0.1:`port` and settles when the answer has been
 * read: resolved for 202 Accepted, rejected for any other status. `close()` frees the agent.
 */
export function restSender(port, path, { maxSockets = Infinity } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const authorization = `Bearer ${token(`http://localhost:${port}${path}`)}`;
  const send = (body) =>
    new Promise((ok, fail) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { authorization, 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 202 ? ok() : fail(new Error(`send answered ${res.statusCode}`))));
      });
      req.on('error', fail);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}
