import { z } from 'zod';
import type { Zone } from '@secpipe/core';
import { pageOf, timestamp } from './common';

export const zoneTypeSchema = z.enum(['entry_point', 'driveway', 'sidewalk', 'yard', 'other']);
export const zoneShapeSchema = z.enum(['rectangle', 'polygon']);

const unit = z.number().min(0).max(1);
/** Points normalised to 0..1 of the image: `[[x, y], ...]`. */
export const zoneCoordinatesSchema = z.array(z.tuple([unit, unit])).min(2).max(100);

export const zoneSchema = z
  .object({
    id: z.uuid(),
    camera_id: z.string(),
    name: z.string(),
    zone_type: zoneTypeSchema,
    coordinates: zoneCoordinatesSchema,
    shape: zoneShapeSchema,
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
    enabled: z.boolean(),
    priority: z.int(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Zone');
export type ZoneJson = z.input<typeof zoneSchema>;

export const zonePageSchema = pageOf(zoneSchema, 'ZonePage');

const zoneFields = {
  name: z.string().trim().min(1).max(100),
  zone_type: zoneTypeSchema,
  coordinates: zoneCoordinatesSchema,
  shape: zoneShapeSchema,
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a #RRGGBB colour'),
  enabled: z.boolean(),
  priority: z.int().min(0).max(1000),
};

/** A rectangle is two opposite corners or four corners; a polygon has at least three points. */
export function shapeFitsCoordinates(shape: 'rectangle' | 'polygon', coordinates: Array<[number, number]>): boolean {
  return shape === 'rectangle' ? coordinates.length === 2 || coordinates.length === 4 : coordinates.length >= 3;
}
const shapeMessage = { message: 'a rectangle needs 2 or 4 points, a polygon at least 3', path: ['coordinates'] };

export const createZoneBody = z
  .object({
    name: zoneFields.name,
    coordinates: zoneFields.coordinates,
    zone_type: zoneFields.zone_type.default('other'),
    shape: zoneFields.shape.default('rectangle'),
    color: zoneFields.color.default('#3B82F6'),
    enabled: zoneFields.enabled.default(true),
    priority: zoneFields.priority.default(0),
  })
  .strict()
  .refine((zone) => shapeFitsCoordinates(zone.shape, zone.coordinates), shapeMessage)
  .openapi('CreateZone');

/** PUT takes any subset of the fields; the merged zone is checked again before saving. */
export const updateZoneBody = z
  .object({
    name: zoneFields.name.optional(),
    coordinates: zoneFields.coordinates.optional(),
    zone_type: zoneFields.zone_type.optional(),
    shape: zoneFields.shape.optional(),
    color: zoneFields.color.optional(),
    enabled: zoneFields.enabled.optional(),
    priority: zoneFields.priority.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'at least one field is required')
  .openapi('UpdateZone');

export function toZoneJson(zone: Zone): ZoneJson {
  return {
    id: zone.id,
    camera_id: zone.camera_id,
    name: zone.name,
    zone_type: zone.zone_type,
    coordinates: zone.coordinates as Array<[number, number]>,
    shape: zone.shape,
    color: zone.color,
    enabled: zone.enabled,
    priority: zone.priority,
    created_at: zone.created_at.toISOString(),
    updated_at: zone.updated_at.toISOString(),
  };
}
