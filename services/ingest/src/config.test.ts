import { ingestConfigSchema } from './config';

const base = { DATABASE_URL: 'postgresql://u@h/db', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('ingest config: clips', () => {
  it('takes .mp4 .mkv .avi .mov every 4 s, at most 20 frames, two ffmpeg processes, by default', () => {
    const config = ingestConfigSchema.parse(base);
    expect(config).toMatchObject({
      VIDEO_EXTENSIONS: ['.mp4', '.mkv', '.avi', '.mov'],
      VIDEO_FRAME_INTERVAL_SECONDS: 4,
      VIDEO_MAX_FRAMES: 20,
      VIDEO_EXTRACT_CONCURRENCY: 2,
    });
    expect(config.FFMPEG_PATH).toBeUndefined();
  });

  it('reads an allow-list in any case, with or without dots, and an empty one turns clips off', () => {
    expect(ingestConfigSchema.parse({ ...base, VIDEO_EXTENSIONS: 'MP4, m4v ,.MOV' }).VIDEO_EXTENSIONS).toEqual(['.mp4', '.m4v', '.mov']);
    expect(ingestConfigSchema.parse({ ...base, VIDEO_EXTENSIONS: '' }).VIDEO_EXTENSIONS).toEqual([]);
  });

  it.each(['.jpg', 'mp4;rm -rf', '.toolongextension'])('refuses %s in VIDEO_EXTENSIONS', (value) => {
    expect(ingestConfigSchema.safeParse({ ...base, VIDEO_EXTENSIONS: value }).success).toBe(false);
  });
});
