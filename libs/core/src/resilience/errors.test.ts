import { classifyError, PayloadValidationError, PermanentError, TransientError } from './errors';

describe('classifyError', () => {
  it.each([
    [new PermanentError('not an image', 'corrupt'), 'permanent'],
    [new PayloadValidationError('detection', ['x: bad']), 'permanent'],
    [new TransientError('busy'), 'transient'],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'transient'],
    [Object.assign(new Error('bad request'), { status: 400 }), 'permanent'],
    [Object.assign(new Error('not found'), { statusCode: 404 }), 'permanent'],
    [Object.assign(new Error('too many'), { status: 429 }), 'transient'],
    [Object.assign(new Error('timeout'), { status: 408 }), 'transient'],
    [Object.assign(new Error('upstream'), { status: 503 }), 'transient'],
    [new Error('something odd'), 'transient'],
    ['a string', 'transient'],
  ])('%p is %s', (error, kind) => {
    expect(classifyError(error)).toBe(kind);
  });
});
