import { ingestHealth } from './ingestHealth';

const calm = { watchFailure: undefined, following: 0, parked: 0, parkedBecause: undefined };

describe('ingest health', () => {
  it('is healthy when the root is watched, nothing is parked and the video tools run', () => {
    expect(ingestHealth(calm)).toEqual({ status: 'healthy', details: { following: 0, parked: 0 } });
  });

  it('is degraded with the reason when ffmpeg or ffprobe cannot run', () => {
    const status = ingestHealth({ ...calm, videoFailure: 'ffprobe at /nowhere/ffprobe cannot run: ENOENT' });
    expect(status).toEqual({
      status: 'degraded',
      message: 'Video uploads cannot be processed: ffprobe at /nowhere/ffprobe cannot run: ENOENT',
      details: { following: 0, parked: 0, video_failure: 'ffprobe at /nowhere/ffprobe cannot run: ENOENT' },
    });
  });

  it('puts an unwatched root before everything else', () => {
    expect(ingestHealth({ ...calm, watchFailure: 'EACCES', videoFailure: 'x' }).status).toBe('unhealthy');
  });
});
