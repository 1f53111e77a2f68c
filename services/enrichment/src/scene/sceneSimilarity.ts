import { ssim } from 'ssim.js';

// Hot loops touch no globals: inside jest's vm context every global lookup (even `Math`) is slow.
const round = Math.round;
const floor = Math.floor;

/** A grey image: one byte per pixel, row by row. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Share of the SSIM windows left out, the least similar ones: something passing through the view
 * (a person, a car, a truck filling a fifth of the frame) must not count as a changed view, while
 * a covered or turned camera changes nearly every window.
 */
export const IGNORED_WINDOW_SHARE = 0.2;

/**
 * SSIM of two grey images of the same size (ssim.js, Bezkrovny variant: 11 px windows, no further
 * downsampling, as the frames are SCENE_WIDTH wide already), pooled as the mean of the windows
 * without the IGNORED_WINDOW_SHARE least similar ones. ssim.js reads RGBA, so each grey byte is
 * spread over the three colour channels.
 */
export function structuralSimilarity(a: GreyImage, b: GreyImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`image sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  const windows = Float64Array.from(ssim(toRgba(a), toRgba(b), { ssim: 'bezkrovny', downsample: false }).ssim_map.data).sort();
  const skipped = floor(windows.length * IGNORED_WINDOW_SHARE);
  let sum = 0;
  for (let i = skipped; i < windows.length; i++) sum += windows[i];
  return sum / (windows.length - skipped);
}

function toRgba(image: GreyImage) {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i++, j += 4) {
    rgba[j] = rgba[j + 1] = rgba[j + 2] = image.data[i];
    rgba[j + 3] = 255;
  }
  return { data: rgba, width: image.width, height: image.height };
}

/** Box-averaged copy `factor` times smaller on each side (the shift search runs on it). */
export function shrink(image: GreyImage, factor: number): GreyImage {
  const width = floor(image.width / factor);
  const height = floor(image.height / factor);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * image.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += image.data[row + dx];
      }
      data[y * width + x] = round(sum / (factor * factor));
    }
  }
  return { data, width, height };
}

/** The part of `image` inside the rectangle. */
export function crop(image: GreyImage, left: number, top: number, width: number, height: number): GreyImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((top + y) * image.width + left, (top + y) * image.width + left + width), y * width);
  return { data, width, height };
}

export interface ShiftMatch {
  /** Offset of the view in pixels of the full image (frame content = reference moved by dx, dy). */
  dx: number;
  dy: number;
  similarity: number;
}

/** Shift search at 1/SHIFT_SHRINK scale, in steps of STEP_FRACTION of each side, up to MAX_STEPS. */
const SHIFT_SHRINK = 4;
const STEP_FRACTION = 1 / 16;
const MAX_STEPS = 4;

/**
 * The best SSIM between the frame and the reference moved by small shifts (up to a quarter of
 * each side), compared over their overlap: a coarse grid, then a local search that halves its step
 * down to one pixel (of the 1/4 scale copy) around the best point. A turned camera shows the same
 * structure displaced: its best shifted match is high although the unshifted one is low.
 */
export function bestShiftedMatch(reference: GreyImage, frame: GreyImage): ShiftMatch {
  const ref = shrink(reference, SHIFT_SHRINK);
  const cur = shrink(frame, SHIFT_SHRINK);
  let stepX = Math.max(1, round(ref.width * STEP_FRACTION));
  let stepY = Math.max(1, round(ref.height * STEP_FRACTION));
  const limitX = stepX * MAX_STEPS;
  const limitY = stepY * MAX_STEPS;
  let best = { dx: 0, dy: 0, similarity: -1 };
  const consider = (dx: number, dy: number) => {
    if (Math.abs(dx) > limitX || Math.abs(dy) > limitY) return;
    const similarity = overlapSimilarity(ref, cur, dx, dy);
    if (similarity > best.similarity) best = { dx, dy, similarity };
  };
  for (let sy = -MAX_STEPS; sy <= MAX_STEPS; sy++) for (let sx = -MAX_STEPS; sx <= MAX_STEPS; sx++) consider(sx * stepX, sy * stepY);
  while (stepX > 1 || stepY > 1) {
    stepX = Math.max(1, round(stepX / 2));
    stepY = Math.max(1, round(stepY / 2));
    const centre = best;
    for (let sy = -1; sy <= 1; sy++) for (let sx = -1; sx <= 1; sx++) if (sx !== 0 || sy !== 0) consider(centre.dx + sx * stepX, centre.dy + sy * stepY);
  }
  return { dx: best.dx * SHIFT_SHRINK, dy: best.dy * SHIFT_SHRINK, similarity: best.similarity };
}

/** SSIM of the overlap when the frame shows the reference moved by (dx, dy). */
function overlapSimilarity(ref: GreyImage, cur: GreyImage, dx: number, dy: number): number {
  const width = ref.width - Math.abs(dx);
  const height = ref.height - Math.abs(dy);
  const refPart = crop(ref, Math.max(0, -dx), Math.max(0, -dy), width, height);
  const curPart = crop(cur, Math.max(0, dx), Math.max(0, dy), width, height);
  return structuralSimilarity(refPart, curPart);
}
