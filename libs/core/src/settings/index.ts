export * from './runtimeConfig';
export * from './runtimeConfigPoller';
