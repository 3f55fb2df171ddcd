/** Redis of CI and of the team's machines. */
export const REDIS_URL = process.env.E2E_REDIS_URL || 'redis://127.0.0.1:6379';

/** Set by the second pass (jest.config.js): every single server runs on Redis too. */
export const SERVERS_ON_REDIS = process.env.E2E_SERVERS_ON_REDIS === '1';
