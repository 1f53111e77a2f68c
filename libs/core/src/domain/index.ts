export * from './cameraId';
export * from './objectClasses';
export * from './riskLevels';
export * from './enrichmentData';
export * from './messageCatalog';
export * from './alertRules/ruleSchedule';
export * from './alertRules/ruleEvaluator';
export * from './alertRules/eventFacts';
