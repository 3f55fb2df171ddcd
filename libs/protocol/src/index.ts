export * from './hubs/hub-name';
export * from './hubs/hub-settings';
export * from './tokens/audience';
export * from './tokens/claims';
export * from './tokens/connection-string';
export * from './admin/errors';
export * from './admin/keys';
export * from './admin/session';
