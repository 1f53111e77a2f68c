import { defaultShapes, jpegVariant, renderShapeImage, writeUpload, type ShapeColour } from '@secpipe/testing';

/** One camera's picture: JPEG bytes and how many boxes the fixture model finds in it. */
interface Picture {
  bytes: Buffer;
  boxes: number;
}

/** Which shapes each of a camera's pictures carries: person (red) only in some, so most detections are batched. */
const SCENES: ShapeColour[][] = [['red', 'blue', 'green'], ['blue', 'green'], ['blue'], ['green', 'blue']];

/**
 * A handful of small pictures per camera, rendered once (640x360 keeps the render and decode
 * cost low); every upload is one of them with a JPEG comment naming the upload, so each file has
 * its own hash.
 */
async function renderPictures(camera: number): Promise<Picture[]> {
  return Promise.all(
    SCENES.map(async (colours, scene) => {
      const shapes = defaultShapes(640, 360).filter((shape) => colours.includes(shape.colour));
      const image = await renderShapeImage({ width: 640, height: 360, shapes, seed: camera * 100 + scene + 1 });
      return { bytes: image.bytes, boxes: image.boxes.length };
    }),
  );
}

export interface UploadPlan {
  cameraRoot: string;
  /** Folder names, which are also the camera ids (lower case, no spaces). */
  cameras: string[];
  images: number;
  /** Uploads written at once (over the cameras in turn), and the pause between bursts. */
  burst: number;
  burstGapMs: number;
}

export interface UploadStream {
  /** Uploads written so far. */
  readonly written: number;
  /** Boxes the written uploads carry: the detection rows the pipeline must store, once each. */
  readonly expectedDetections: number;
  /** Resolves once every upload is written. */
  done: Promise<void>;
}

/** Writes `images` uploads into the camera folders in bursts, like cameras on a motion trigger. */
export async function startUploadStream(plan: UploadPlan): Promise<UploadStream> {
  const pictures = await Promise.all(plan.cameras.map((_, index) => renderPictures(index)));
  const state = { written: 0, expectedDetections: 0 };
  const writeOne = async (n: number) => {
    const camera = n % plan.cameras.length;
    const picture = pictures[camera][Math.floor(n / plan.cameras.length) % SCENES.length];
    await writeUpload(plan.cameraRoot, `${plan.cameras[camera]}/snap-${String(n).padStart(5, '0')}.jpg`, jpegVariant(picture.bytes, `upload ${n}`));
    state.written += 1;
    state.expectedDetections += picture.boxes;
  };
  const run = async () => {
    for (let start = 0; start < plan.images; start += plan.burst) {
      if (start > 0) await new Promise((resolve) => setTimeout(resolve, plan.burstGapMs));
      const count = Math.min(plan.burst, plan.images - start);
      await Promise.all(Array.from({ length: count }, (_, i) => writeOne(start + i)));
    }
  };
  return {
    get written() {
      return state.written;
    },
    get expectedDetections() {
      return state.expectedDetections;
    },
    done: run(),
  };
}
