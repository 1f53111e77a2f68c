import { cameraFolderOf } from './cameraId';

describe('cameraFolderOf', () => {
  const root = '/data/cameras';

  it('takes the first folder below the root, however deep the file is', () => {
    expect(cameraFolderOf(root, '/data/cameras/porch/2024/12/26/a.jpg')).toEqual({
      cameraId: 'porch',
      folderName: 'porch',
      folderPath: '/data/cameras/porch',
    });
    expect(cameraFolderOf(root, '/data/cameras/Front Door/x.jpg')?.cameraId).toBe('front_door');
    expect(cameraFolderOf(root, '/data/cameras/Garage.Cam.2/x.jpg')?.cameraId).toBe('garage_cam_2');
  });

  it('belongs to no camera when directly in the root, outside it or unnamed', () => {
    expect(cameraFolderOf(root, '/data/cameras/loose.jpg')).toBeUndefined();
    expect(cameraFolderOf(root, '/elsewhere/porch/a.jpg')).toBeUndefined();
    expect(cameraFolderOf(root, '/data/cameras/!!!/a.jpg')).toBeUndefined();
  });
});
