import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate, parser as mqttParser } from 'mqtt-packet';
import { open } from './clients.mjs';
import { pinned, root, startSwitchboard, stopper, token, waitFor } from './processes.mjs';

const MOSQUITTO_CONF = resolve(root, '../shared/bench/servers/mosquitto.conf');
const MOSQUITTO_WS_PORT = 18080;

/**
 * Mosquitto (the shared anchor, ../shared/bench/servers/mosquitto.conf) or Switchboard on CPU 0.
 * `mqtt`: Switchboard hub settings beyond Azure (broker mode) for hub `bench`, set before use.
 * `mosquittoLines`: settings added to Mosquitto's configuration for this run.
 */
export async function startMqttTarget(target, mqtt = {}, mosquittoLines = []) {
  if (target === 'mosquitto') {
    let conf = MOSQUITTO_CONF;
    if (mosquittoLines.length > 0) {
      conf = join(mkdtempSync(join(tmpdir(), 'sb-mosquitto-')), 'mosquitto.conf');
      // Global settings must come before the listeners.
      writeFileSync(conf, `${mosquittoLines.join('\n')}\n${readFileSync(MOSQUITTO_CONF, 'utf8')}`);
    }
    const child = pinned(0, ['mosquitto', '-c', conf], {}, root);
    await waitFor(() => open(`ws://127.0.0.1:${MOSQUITTO_WS_PORT}/mqtt`, 'mqtt').then((ws) => (ws.close(), true)), 'mosquitto');
    return { child, url: () => `ws://127.0.0.1:${MOSQUITTO_WS_PORT}/mqtt`, stop: stopper(child) };
  }
  const server = await startSwitchboard();
  if (Object.keys(mqtt).length > 0) {
    const hubUrl = `http://localhost:${server.port}/admin/api/hubs/bench`;
    const put = await fetch(hubUrl, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token(hubUrl)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { mqtt } }),
    });
    if (put.status >= 300) throw new Error(`hub settings answered ${put.status}`);
  }
  const aud = `http://localhost:${server.port}/clients/mqtt/hubs/bench`;
  const roles = { role: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup'] };
  return { child: server.child, url: () => `ws://127.0.0.1:${server.port}/clients/mqtt/hubs/bench?access_token=${token(aud, roles)}`, stop: server.stop };
}

/**
 * A bare MQTT client on a WebSocket: CONNECT and wait for CONNACK, optionally SUBSCRIBE and wait
 * for SUBACK. Returns the socket, its packet parser, and `next(cmd)` to await a packet.
 */
export async function mqttClient(url, clientId, { version = 4, topic, qos = 0 } = {}) {
  const ws = await open(url, 'mqtt');
  const parser = mqttParser({ protocolVersion: version });
  ws.on('message', (data) => parser.parse(data));
  const next = (cmd) =>
    new Promise((ok, fail) => {
      const onPacket = (packet) => {
        if (packet.cmd !== cmd) return;
        parser.removeListener('packet', onPacket);
        ok(packet);
      };
      parser.on('packet', onPacket);
      ws.once('close', () => fail(new Error(`closed before ${cmd}`)));
    });
  const send = (packet) => ws.send(generate(packet, { protocolVersion: version }));
  const connack = next('connack');
  send({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: version, clientId, clean: true, keepalive: 60 });
  const answer = await connack;
  if ((answer.returnCode ?? answer.reasonCode) !== 0) throw new Error(`CONNACK ${answer.returnCode ?? answer.reasonCode}`);
  if (topic) {
    const suback = next('suback');
    send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos }] });
    await suback;
  }
  return { ws, parser, next, send };
}
