import { z } from 'zod';
import { cameraIdFromFolderPath, type Camera } from '@secpipe/core';
import { paginationQuery, pageOf, timestamp } from './common';

export const cameraStatusSchema = z.enum(['online', 'offline', 'error', 'unknown']);

export const cameraSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    folder_path: z.string(),
    status: cameraStatusSchema,
    created_at: timestamp(),
    last_seen_at: timestamp().nullable(),
  })
  .openapi('Camera');
export type CameraJson = z.input<typeof cameraSchema>;

export const cameraPageSchema = pageOf(cameraSchema, 'CameraPage');

export const cameraListQuery = paginationQuery.extend({ status: cameraStatusSchema.optional() });

const cameraName = z.string().trim().min(1).max(255);
const folderPath = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .refine((value) => !value.includes('\0'), 'must not contain NUL')
  .refine((value) => cameraIdFromFolderPath(value).length > 0, 'must end in a folder name of letters or digits');

export const createCameraBody = z
  .object({ name: cameraName, folder_path: folderPath, status: cameraStatusSchema.optional() })
  .strict()
  .openapi('CreateCamera');

export const updateCameraBody = z
  .object({ name: cameraName.optional(), folder_path: folderPath.optional(), status: cameraStatusSchema.optional() })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'at least one field is required')
  .openapi('UpdateCamera');

/** The columns a camera's JSON is made of. */
export type CameraRow = Pick<Camera, 'id' | 'name' | 'folder_path' | 'status' | 'created_at' | 'last_seen_at'>;

export function toCameraJson(camera: CameraRow): CameraJson {
  return {
    id: camera.id,
    name: camera.name,
    folder_path: camera.folder_path,
    status: camera.status,
    created_at: camera.created_at.toISOString(),
    last_seen_at: camera.last_seen_at?.toISOString() ?? null,
  };
}
