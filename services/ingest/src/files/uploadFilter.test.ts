import { UploadFilter } from './uploadFilter';

describe('UploadFilter', () => {
  const filter = new UploadFilter();

  it.each(['a.jpg', 'A.JPG', 'b.jpeg', 'c.Jpeg', 'd.png', 'e.PNG', '2024/12/26/f.jpg'])('takes %s as an image', (name) => {
    expect(filter.kindOf(`/root/cam/${name}`)).toBe('image');
  });

  it.each(['a.mp4', 'b.MKV', 'c.avi', 'd.Mov', '2024/12/26/clip.mp4'])('takes %s as a video', (name) => {
    expect(filter.kindOf(`/root/cam/${name}`)).toBe('video');
  });

  it.each(['a.txt', 'a.jpg.part', 'a.mp4.part', 'a.tmp', 'a.filepart', 'a.gif', 'a.webm', 'jpg', '.hidden.jpg', '.clip.mp4', 'noext'])(
    'ignores %s',
    (name) => {
      expect(filter.accepts(`/root/cam/${name}`)).toBe(false);
    },
  );

  it('takes only the configured video containers', () => {
    const mp4Only = new UploadFilter(['.MP4']);
    expect(mp4Only.kindOf('/root/cam/a.mp4')).toBe('video');
    expect(mp4Only.accepts('/root/cam/a.mkv')).toBe(false);
    expect(new UploadFilter([]).accepts('/root/cam/a.mp4')).toBe(false);
  });
});
