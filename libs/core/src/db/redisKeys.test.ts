import { redisKey, redisKeys } from './redisKeys';

describe('redis key builder', () => {
  it('joins prefix, namespace and parts with ":"', () => {
    expect(redisKey('secpipe', 'heartbeat', 'api')).toBe('secpipe:heartbeat:api');
    expect(redisKeys('t1')('ratelimit', 'default', '::1')).toBe('t1:ratelimit:default:::1');
    expect(redisKey('p', 'seq', 3)).toBe('p:seq:3');
  });

  it('refuses an empty prefix or namespace', () => {
    expect(() => redisKey('', 'x')).toThrow('empty prefix');
    expect(() => redisKey('p', '')).toThrow('empty namespace');
  });
});
