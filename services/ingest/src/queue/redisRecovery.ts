import type { Redis } from '@secpipe/core';

/**
 * Calls `onRecovered` each time the connection is ready again after it was lost (not on the
 * first connect). Returns a function that stops listening.
 */
export function onRedisRecovery(redis: Redis, onRecovered: () => void): () => void {
  let lost = false;
  const handleClose = () => {
    lost = true;
  };
  const handleReady = () => {
    if (!lost) return;
    lost = false;
    onRecovered();
  };
  redis.on('close', handleClose);
  redis.on('ready', handleReady);
  return () => {
    redis.off('close', handleClose);
    redis.off('ready', handleReady);
  };
}
