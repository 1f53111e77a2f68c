import { VEHICLE_CLASSES } from '@secpipe/core';
import type { Batch, BatchDetection } from './batch';
import { localClock, type LocalClock } from './localClock';

export type ZoneType = 'entry_point' | 'driveway' | 'yard' | 'sidewalk' | 'other';

/** How much a zone says about intent: an entry point matters most, a public sidewalk least. */
export const ZONE_RANK: Record<ZoneType, number> = { entry_point: 4, driveway: 3, yard: 2, other: 1, sidewalk: 0 };

const ANIMALS = new Set(['dog', 'cat', 'bird', 'horse', 'sheep', 'cow']);
const isVehicle = (d: BatchDetection) => (VEHICLE_CLASSES as readonly string[]).includes(d.object_type) || d.object_type === 'bicycle';

/** What the rules assessor and the prompt reason about, derived once from a batch. */
export interface BatchFacts {
  clock: LocalClock;
  classes: string[];
  persons: BatchDetection[];
  vehicles: BatchDetection[];
  animals: BatchDetection[];
  /** The most telling zone a person stood in (entry point > driveway > yard > other > sidewalk). */
  personZone: { type: ZoneType; name: string } | null;
  vehicleZone: { type: ZoneType; name: string } | null;
  /** Seconds a person was seen: span of their detections or the longest stationary time. */
  personDwellSeconds: number;
  /** Most people in one frame. */
  maxPeopleInFrame: number;
  stationaryPerson: boolean;
  plates: string[];
  knownPlates: string[];
  unknownPlates: string[];
  maxBaselineDeviation: number | null;
  anomalous: boolean;
  crossCameraDetections: number;
  quality: Array<'blurry' | 'dark'>;
}

function bestZone(detections: BatchDetection[]): { type: ZoneType; name: string } | null {
  let best: { type: ZoneType; name: string } | null = null;
  for (const zone of detections.flatMap((d) => d.enrichment?.zones ?? [])) {
    if (!best || ZONE_RANK[zone.zone_type] > ZONE_RANK[best.type]) best = { type: zone.zone_type, name: zone.name };
  }
  return best;
}

function dwellSeconds(detections: BatchDetection[]): number {
  if (detections.length === 0) return 0;
  const times = detections.map((d) => d.detected_at.getTime());
  const span = (Math.max(...times) - Math.min(...times)) / 1000;
  const stationary = Math.max(0, ...detections.map((d) => d.enrichment?.stationary_seconds ?? 0));
  return Math.max(span, stationary);
}

function maxInFrame(detections: BatchDetection[]): number {
  const perFrame = new Map<number, number>();
  for (const d of detections) perFrame.set(d.detected_at.getTime(), (perFrame.get(d.detected_at.getTime()) ?? 0) + 1);
  return Math.max(0, ...perFrame.values());
}

export const normalisePlate = (plate: string) => plate.toUpperCase().replace(/[^A-Z0-9]/g, '');

function platesOf(batch: Batch): string[] {
  const read = batch.detections.flatMap((d) => (d.enrichment?.plate ? [d.enrichment.plate.text] : []));
  return [...new Set([...read, ...(batch.context?.plates ?? [])].map(normalisePlate).filter(Boolean))];
}

function qualityOf(batch: Batch): Array<'blurry' | 'dark'> {
  const flags = new Set(batch.context?.quality_flags ?? []);
  for (const d of batch.detections) {
    if (d.enrichment?.quality?.is_blurry) flags.add('blurry');
    if (d.enrichment?.quality?.is_dark) flags.add('dark');
  }
  return [...flags];
}

export function batchFacts(batch: Batch, settings: { timeZone: string; knownPlates: string[] }): BatchFacts {
  const relevant = batch.detections.filter((d) => !d.enrichment?.filtered);
  const detections = relevant.length > 0 ? relevant : batch.detections;
  const persons = detections.filter((d) => d.object_type === 'person');
  const vehicles = detections.filter(isVehicle);
  const plates = platesOf(batch);
  const known = new Set(settings.knownPlates.map(normalisePlate));
  const deviations = detections.flatMap((d) => (d.enrichment?.baseline ? [d.enrichment.baseline.deviation] : []));
  const contextDeviation = batch.context?.max_baseline_deviation;
  const maxDeviation = deviations.length || typeof contextDeviation === 'number' ? Math.max(contextDeviation ?? 0, ...deviations) : null;
  return {
    clock: localClock(batch.started_at, batch.ended_at, settings.timeZone),
    classes: [...new Set(detections.map((d) => d.object_type))],
    persons,
    vehicles,
    animals: detections.filter((d) => ANIMALS.has(d.object_type)),
    personZone: bestZone(persons),
    vehicleZone: bestZone(vehicles),
    personDwellSeconds: dwellSeconds(persons),
    maxPeopleInFrame: maxInFrame(persons),
    stationaryPerson: persons.some((d) => d.enrichment?.stationary),
    plates,
    knownPlates: plates.filter((p) => known.has(p)),
    unknownPlates: plates.filter((p) => !known.has(p)),
    maxBaselineDeviation: maxDeviation,
    anomalous: detections.some((d) => d.enrichment?.baseline?.anomalous) || (maxDeviation ?? 0) >= 0.8,
    crossCameraDetections: (batch.context?.cross_camera ?? []).reduce((sum, c) => sum + c.detection_count, 0),
    quality: qualityOf(batch),
  };
}
