// Azure's Web PubSub quickstart subscriber, with the client SDK (@azure/web-pubsub-client): the
// service SDK mints the client URL, the client SDK connects to it and prints what it receives.
const { WebPubSubServiceClient } = require('@azure/web-pubsub');
const { WebPubSubClient } = require('@azure/web-pubsub-client');

async function main() {
  const hub = 'pubsub';
  const serviceClient = new WebPubSubServiceClient(process.env.WebPubSubConnectionString, hub);
  const client = new WebPubSubClient({
    getClientAccessUrl: async () => (await serviceClient.getClientAccessToken()).url,
  });
  client.on('connected', (e) => console.log(`connected: ${e.connectionId}`));
  client.on('server-message', (e) => console.log(`Message received: ${e.message.data}`));
  await client.start();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
