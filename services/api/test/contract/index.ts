// What the cross-service contract suite (tests/contracts) needs from the API, resolved from
// this package so the suite does not depend on hoisted modules.
export { default as request } from 'supertest';
export { useIntegrationContext } from '@secpipe/testing';
export { buildTestApp } from '../testApp';
export { useTempDir } from '../support';
export { ResponseValidator, validateOpenApiDocument } from './responseValidator';
export { runContractTour } from './contractTour';
export { runOpsContractTour } from './opsContractTour';
export { runOutageContractTour } from './outageContractTour';
