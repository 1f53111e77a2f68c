import { isImageUpload } from './uploadFilter';

describe('isImageUpload', () => {
  it.each(['a.jpg', 'A.JPG', 'b.jpeg', 'c.Jpeg', 'd.png', 'e.PNG', '2024/12/26/f.jpg'])('accepts %s', (name) => {
    expect(isImageUpload(`/root/cam/${name}`)).toBe(true);
  });

  it.each(['a.txt', 'a.jpg.part', 'a.tmp', 'a.filepart', 'a.gif', 'jpg', '.hidden.jpg', 'noext'])('ignores %s', (name) => {
    expect(isImageUpload(`/root/cam/${name}`)).toBe(false);
  });
});
