import { ffmpegProblem, resolveFfmpegBinaries } from './ffmpegBinaries';

describe('ffmpeg and ffprobe at boot', () => {
  it('finds nothing wrong with the binaries shipped in the npm packages', async () => {
    await expect(ffmpegProblem(resolveFfmpegBinaries())).resolves.toBeUndefined();
  });

  it('names the binary that cannot run', async () => {
    const binaries = resolveFfmpegBinaries({ ffprobePath: '/nonexistent/ffprobe' });
    await expect(ffmpegProblem(binaries)).resolves.toBe('ffprobe at /nonexistent/ffprobe cannot run: ENOENT');
  });

  it('names a binary that runs but fails', async () => {
    await expect(ffmpegProblem(resolveFfmpegBinaries({ ffmpegPath: '/bin/false' }))).resolves.toBe('ffmpeg at /bin/false exited with code 1');
  });
});
