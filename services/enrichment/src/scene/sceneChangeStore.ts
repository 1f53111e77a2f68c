import type { PrismaClient } from '@secpipe/core';
import type { SceneChangeKind } from './sceneClassifier';

export interface RecordedSceneChange {
  id: number;
  camera_id: string;
  kind: SceneChangeKind;
  similarity: number;
  detected_at: Date;
}

/** Writes scene changes; (camera, detected_at) is unique, so a redelivered confirmation writes nothing new. */
export class PrismaSceneChangeStore {
  constructor(private readonly prisma: PrismaClient) {}

  async record(change: Omit<RecordedSceneChange, 'id'>): Promise<RecordedSceneChange> {
    const row = await this.prisma.sceneChange.upsert({
      where: { camera_id_detected_at: { camera_id: change.camera_id, detected_at: change.detected_at } },
      create: { camera_id: change.camera_id, kind: change.kind, similarity: change.similarity, detected_at: change.detected_at },
      update: {},
    });
    return { id: row.id, camera_id: row.camera_id, kind: row.kind as SceneChangeKind, similarity: row.similarity, detected_at: row.detected_at };
  }
}
