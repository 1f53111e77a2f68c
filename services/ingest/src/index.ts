export * from './config';
export * from './ingestService';
export * from './ingestPorts';
