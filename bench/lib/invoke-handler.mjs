#!/usr/bin/env node
// An event handler written as Azure's samples write one: express + @azure/web-pubsub-express,
// answering every user event (and so every invocation) with its own data.
//   node bench/lib/invoke-handler.mjs <port> <allowed endpoint>
import { WebPubSubEventHandler } from '@azure/web-pubsub-express';
import express from 'express';

const [port, allowedEndpoint] = process.argv.slice(2);
const handler = new WebPubSubEventHandler('bench', {
  allowedEndpoints: [allowedEndpoint],
  handleUserEvent: (request, response) => response.success(request.data, request.dataType),
});
const app = express();
app.use(handler.getMiddleware());
app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
