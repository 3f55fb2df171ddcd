// Azure's Web PubSub quickstart publisher (javascript, "Publish messages"), unchanged: it reads
// the connection string from the environment and sets no allowInsecureConnection.
const { WebPubSubServiceClient } = require('@azure/web-pubsub');

const hub = 'pubsub';
const serviceClient = new WebPubSubServiceClient(process.env.WebPubSubConnectionString, hub);

// by default it uses `application/json`, specify contentType as `text/plain` if you want plain-text
serviceClient.sendToAll(process.argv[2], { contentType: 'text/plain' });
