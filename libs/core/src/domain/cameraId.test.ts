import { CAMERA_ID_PATTERN, cameraIdFromFolderPath, cameraIdFromName, cameraIdSchema } from './cameraId';

describe('the camera-id rule', () => {
  it.each([
    // spaces, hyphens, dots
    ['Front Door', 'front_door'],
    ['front_door', 'front_door'],
    ['Back-Yard', 'back_yard'],
    ['Garage.Cam.2', 'garage_cam_2'],
    ['Garage.Cam-2', 'garage_cam_2'],
    ['Drive - Way', 'drive_way'],
    ['a\tb\nc', 'a_b_c'],
    // accents and letters NFKD does not fold
    ['Café', 'cafe'],
    ['Café (east)', 'cafe_east'],
    ['Einfahrt Süd', 'einfahrt_sud'],
    ['Straße', 'strasse'],
    ['Øresund Ærø', 'oresund_aero'],
    ['ＧＡＲＡＧＥ１', 'garage1'],
    // emoji and other symbols are dropped, and leave no double or dangling `_`
    ['📷 Porch', 'porch'],
    ['Cam 📷 1', 'cam_1'],
    ['Porch#1!', 'porch1'],
    ['CAM_01', 'cam_01'],
    // leading and trailing junk
    ['  Side   Gate  ', 'side_gate'],
    ['__front__door__', 'front_door'],
    ['...hidden', 'hidden'],
    ['-x-', 'x'],
    // nothing left: names no camera
    ['!!!', ''],
    ['📷', ''],
    ['   ', ''],
  ])('%j -> %j', (name, id) => {
    expect(cameraIdFromName(name)).toBe(id);
    if (id) expect(id).toMatch(CAMERA_ID_PATTERN);
  });

  it('maps names that differ only in case, accents or separators to one id (a collision)', () => {
    const ids = ['Front Door', 'front-door', 'FRONT.DOOR', 'Front  Door', 'Frönt_Door'].map(cameraIdFromName);
    expect(new Set(ids)).toEqual(new Set(['front_door']));
  });

  it('keeps ids within 100 characters without a trailing `_`', () => {
    expect(cameraIdFromName('a'.repeat(300))).toHaveLength(100);
    const cut = cameraIdFromName(`${'a'.repeat(99)} b`);
    expect(cut).toBe('a'.repeat(99));
  });

  it('takes the last segment of a folder path', () => {
    expect(cameraIdFromFolderPath('/data/cameras/Garage.Cam.2')).toBe('garage_cam_2');
    expect(cameraIdFromFolderPath('/data/cameras/Front Door/')).toBe('front_door');
    expect(cameraIdFromFolderPath('C:\\cams\\Back Yard')).toBe('back_yard');
  });

  it('accepts only normalised ids in payloads', () => {
    expect(cameraIdSchema.safeParse('garage_cam_2').success).toBe(true);
    for (const bad of ['Garage', 'a__b', '_a', 'a_', '', 'a-b', 'x'.repeat(101)]) {
      expect(cameraIdSchema.safeParse(bad).success).toBe(false);
    }
  });
});
