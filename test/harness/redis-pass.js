// The second pass (jest.config.js): every TestServer a suite starts runs on Redis, with a prefix of its own.
process.env.E2E_SERVERS_ON_REDIS = '1';
