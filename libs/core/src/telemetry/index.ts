export * from './stageTimings';
