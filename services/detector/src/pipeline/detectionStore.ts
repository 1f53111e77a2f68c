import type { PrismaClient, VideoFrame } from '@secpipe/core';
import type { DetectedObject } from '../policy/detectionPolicy';

export interface ImageDetections {
  cameraId: string;
  filePath: string;
  fileHash: string;
  capturedAt: Date;
  imageWidth: number;
  imageHeight: number;
  detections: DetectedObject[];
  /** Set when the image is a frame of an uploaded clip. */
  video?: VideoFrame;
}

/** Where detections are recorded. */
export interface DetectionStore {
  /** Stores the image's detections (idempotent) and returns their ids in box order. */
  saveImageDetections(image: ImageDetections): Promise<number[]>;
  /** Moves the camera's last_seen_at forward to `seenAt` (never back). */
  markCameraSeen(cameraId: string, seenAt: Date): Promise<void>;
}

/** The columns that say which clip, and where in it, a frame's detections come from. */
function videoColumns(video: VideoFrame | undefined) {
  if (!video) return { media_type: 'image' };
  return {
    media_type: 'video',
    video_path: video.video_path,
    frame_offset: video.frame_offset,
    duration: video.duration,
    video_codec: video.video_codec,
    video_width: video.video_width,
    video_height: video.video_height,
  };
}

function fileType(filePath: string): string | null {
  const match = /\.([A-Za-z0-9]{1,20})$/.exec(filePath);
  return match ? match[1].toLowerCase() : null;
}

export class PrismaDetectionStore implements DetectionStore {
  constructor(private readonly prisma: PrismaClient) {}

  async saveImageDetections(image: ImageDetections): Promise<number[]> {
    const rows = image.detections.map((d, boxIndex) => ({
      camera_id: image.cameraId,
      file_path: image.filePath,
      file_type: fileType(image.filePath),
      file_hash: image.fileHash,
      box_index: boxIndex,
      detected_at: image.capturedAt,
      object_type: d.className,
      confidence: d.confidence,
      bbox_x: d.bbox.x,
      bbox_y: d.bbox.y,
      bbox_width: d.bbox.width,
      bbox_height: d.bbox.height,
      image_width: image.imageWidth,
      image_height: image.imageHeight,
      ...videoColumns(image.video),
    }));
    // (camera_id, file_hash, box_index) is unique: a redelivered job inserts nothing and reads
    // back the rows its first attempt wrote; the same bytes from another camera are its own rows.
    await this.prisma.$transaction([
      this.prisma.detection.createMany({ data: rows, skipDuplicates: true }),
      this.markCameraSeenQuery(image.cameraId, image.capturedAt),
    ]);
    const saved = await this.prisma.detection.findMany({
      where: { camera_id: image.cameraId, file_hash: image.fileHash, box_index: { lt: rows.length } },
      select: { id: true },
      orderBy: { box_index: 'asc' },
    });
    return saved.map((row) => row.id);
  }

  async markCameraSeen(cameraId: string, seenAt: Date): Promise<void> {
    await this.markCameraSeenQuery(cameraId, seenAt);
  }

  private markCameraSeenQuery(cameraId: string, seenAt: Date) {
    return this.prisma.camera.updateMany({
      where: { id: cameraId, OR: [{ last_seen_at: null }, { last_seen_at: { lt: seenAt } }] },
      data: { last_seen_at: seenAt },
    });
  }
}
