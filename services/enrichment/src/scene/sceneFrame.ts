import sharp from 'sharp';

// Hot loops touch no globals: inside jest's vm context every global lookup (even `Math`) is slow.
const round = Math.round;

/** Width every frame is compared at: enough structure for SSIM, cheap to hold per camera. */
export const SCENE_WIDTH = 640;

/**
 * A frame as the scene check sees it: grey, SCENE_WIDTH wide, with its raw brightness statistics
 * and a copy normalised to a fixed mean and spread. Comparing normalised copies makes SSIM blind
 * to global brightness and contrast (dusk, dawn, a cloud), so only structure decides.
 */
export interface SceneFrame {
  width: number;
  height: number;
  /** Mean grey level of the raw frame, 0..255. */
  mean: number;
  /** Standard deviation of the raw grey levels: near 0 for a uniform (covered) view. */
  spread: number;
  /** Grey levels mapped to mean NORMALISED_MEAN and spread NORMALISED_SPREAD. */
  normalised: Uint8Array;
}

const NORMALISED_MEAN = 128;
const NORMALISED_SPREAD = 48;
/** Below this spread there is no structure to stretch: the frame normalises to flat grey. */
const FLAT_SPREAD = 2;

/** Decodes an image into a SceneFrame (upright, grey, SCENE_WIDTH wide unless told). */
export async function decodeSceneFrame(bytes: Uint8Array, width = SCENE_WIDTH): Promise<SceneFrame> {
  const { data, info } = await sharp(bytes, { failOn: 'none' }).autoOrient().resize({ width }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return sceneFrameFromGrey(new Uint8Array(data.buffer, data.byteOffset, info.width * info.height), info.width, info.height);
}

export function sceneFrameFromGrey(grey: Uint8Array, width: number, height: number): SceneFrame {
  const { mean, spread } = greyStatistics(grey);
  const normalised = new Uint8Array(grey.length);
  if (spread < FLAT_SPREAD) {
    normalised.fill(NORMALISED_MEAN);
  } else {
    const scale = NORMALISED_SPREAD / spread;
    for (let i = 0; i < grey.length; i++) normalised[i] = clampByte(NORMALISED_MEAN + (grey[i] - mean) * scale);
  }
  return { width, height, mean, spread, normalised };
}

function greyStatistics(grey: Uint8Array): { mean: number; spread: number } {
  let sum = 0;
  let sumSquares = 0;
  for (const value of grey) {
    sum += value;
    sumSquares += value * value;
  }
  const mean = sum / grey.length;
  return { mean, spread: Math.sqrt(Math.max(0, sumSquares / grey.length - mean * mean)) };
}

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : round(value);
}
