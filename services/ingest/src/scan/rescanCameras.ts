import path from 'node:path';
import { cameraIdFromName } from '@secpipe/core';
import type { CameraRegistry } from '../cameras/cameraRegistry';
import type { UploadFiles } from '../files/uploadFiles';

export interface RescanPorts {
  files: UploadFiles;
  cameras: CameraRegistry;
  notice: (file: string) => void;
}

/**
 * Walks every camera folder and hands each upload newer than its camera's watermark to the
 * tracker. Uploads that already have a job collapse there (dedupe key, then the job id), so a
 * rescan can only add what the watcher missed: files that landed while the service was stopped,
 * events lost while Redis was down. Returns how many uploads were handed over.
 */
export async function rescanCameras(root: string, { files, cameras, notice }: RescanPorts): Promise<number> {
  const watermarks = await cameras.watermarks();
  let handedOver = 0;
  for (const folder of await files.listFolders(root)) {
    const watermark = watermarks.get(cameraIdFromName(path.basename(folder)));
    for await (const file of files.listUploads(folder)) {
      if (watermark !== undefined) {
        const state = await files.stat(file);
        // Whole milliseconds on both sides: the column keeps milliseconds, and utimes() and
        // file systems round sub-millisecond parts either way.
        if (!state || Math.floor(state.mtimeMs) <= watermark) continue;
      }
      notice(file);
      handedOver += 1;
    }
  }
  return handedOver;
}
