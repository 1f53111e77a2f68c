export type ResizeMode = 'letterbox' | 'stretch';

/** How an original image sits inside the model input. */
export interface ImageGeometry {
  originalWidth: number;
  originalHeight: number;
  inputWidth: number;
  inputHeight: number;
  /** Size of the resized image inside the input (equal to the input when stretched). */
  resizedWidth: number;
  resizedHeight: number;
  padLeft: number;
  padTop: number;
}

/** A box as [x1, y1, x2, y2] (x2/y2 exclusive edges). */
export type BoxXyxy = [number, number, number, number];

/** Top-left + size in original pixels, as the Detection contract stores it. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Letterbox: scale by the smaller ratio so the whole image fits, centre it, pad the rest.
 * Stretch: scale each axis to the input (what RT-DETR-style exports are trained with).
 */
export function computeGeometry(originalWidth: number, originalHeight: number, inputWidth: number, inputHeight: number, mode: ResizeMode): ImageGeometry {
  if (mode === 'stretch') {
    return { originalWidth, originalHeight, inputWidth, inputHeight, resizedWidth: inputWidth, resizedHeight: inputHeight, padLeft: 0, padTop: 0 };
  }
  const scale = Math.min(inputWidth / originalWidth, inputHeight / originalHeight);
  const resizedWidth = Math.min(inputWidth, Math.max(1, Math.round(originalWidth * scale)));
  const resizedHeight = Math.min(inputHeight, Math.max(1, Math.round(originalHeight * scale)));
  return {
    originalWidth,
    originalHeight,
    inputWidth,
    inputHeight,
    resizedWidth,
    resizedHeight,
    padLeft: Math.floor((inputWidth - resizedWidth) / 2),
    padTop: Math.floor((inputHeight - resizedHeight) / 2),
  };
}

/**
 * The original image size in model-input units scaled back: the `orig_target_sizes` a DETR
 * export needs so that its boxes come out in original pixels (the whole canvas, padding included).
 */
export function canvasSize(geometry: ImageGeometry): [number, number] {
  const { inputWidth, inputHeight, resizedWidth, resizedHeight, originalWidth, originalHeight } = geometry;
  return [Math.round((inputWidth * originalWidth) / resizedWidth), Math.round((inputHeight * originalHeight) / resizedHeight)];
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));

/**
 * Maps a box in model-input pixels back to original pixels (undo padding, then scale per axis
 * with the actual resized size), clipped to the image and rounded to whole pixels.
 */
export function toOriginalBox(box: BoxXyxy, geometry: ImageGeometry): PixelBox {
  const scaleX = geometry.resizedWidth / geometry.originalWidth;
  const scaleY = geometry.resizedHeight / geometry.originalHeight;
  const x1 = Math.round(clamp((box[0] - geometry.padLeft) / scaleX, geometry.originalWidth));
  const y1 = Math.round(clamp((box[1] - geometry.padTop) / scaleY, geometry.originalHeight));
  const x2 = Math.round(clamp((box[2] - geometry.padLeft) / scaleX, geometry.originalWidth));
  const y2 = Math.round(clamp((box[3] - geometry.padTop) / scaleY, geometry.originalHeight));
  return { x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1) };
}
