export * from './runtimeConfig';
export * from './runtimeConfigPoller';
export * from './notificationSettings';
