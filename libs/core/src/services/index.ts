export * from './domainErrors';
export * from './prismaErrors';
export * from './auditTrail';
export * from './alertService';
export * from './cameraService';
export * from './sceneChangeService';
