import { cameraFolderOf, normaliseCameraId } from './cameraId';

describe('normaliseCameraId', () => {
  it.each([
    ['Front Door', 'front_door'],
    ['front_door', 'front_door'],
    ['Back-Yard', 'back_yard'],
    ['Garage.Cam.2', 'garage_cam_2'],
    ['  Side   Gate  ', '_side_gate_'],
    ['Drive - Way', 'drive_way'],
    ['Café (east)', 'cafe_east'],
    ['Porch#1!', 'porch1'],
    ['CAM_01', 'cam_01'],
    ['!!!', ''],
  ])('%j -> %j', (folder, id) => {
    expect(normaliseCameraId(folder)).toBe(id);
  });

  it('keeps ids within the catalog limit of 100 characters', () => {
    expect(normaliseCameraId('a'.repeat(300))).toHaveLength(100);
  });
});

describe('cameraFolderOf', () => {
  const root = '/data/cameras';

  it('takes the first folder below the root, however deep the file is', () => {
    expect(cameraFolderOf(root, '/data/cameras/porch/2024/12/26/a.jpg')).toEqual({
      cameraId: 'porch',
      folderName: 'porch',
      folderPath: '/data/cameras/porch',
    });
    expect(cameraFolderOf(root, '/data/cameras/Front Door/x.jpg')?.cameraId).toBe('front_door');
  });

  it('belongs to no camera when directly in the root, outside it or unnamed', () => {
    expect(cameraFolderOf(root, '/data/cameras/loose.jpg')).toBeUndefined();
    expect(cameraFolderOf(root, '/elsewhere/porch/a.jpg')).toBeUndefined();
    expect(cameraFolderOf(root, '/data/cameras/!!!/a.jpg')).toBeUndefined();
  });
});
