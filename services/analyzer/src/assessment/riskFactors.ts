import { clampRiskScore } from '@secpipe/core';
import type { BatchFacts, ZoneType } from './batchFacts';

/** One reason a score went up or down, in words a resident understands. */
export interface RiskFactor {
  points: number;
  reason: string;
}

/** A ceiling that wins over the sum: a known vehicle or a delivery is low whatever else holds. */
export interface RiskCap {
  max: number;
  reason: string;
}

// Points calibrated on the labelled situations in test/rulesCalibration.test.ts (the original's
// scoring guidance: resident 0-10, delivery 0-15, daytime visitor 20-35, lingering 70-85,
// forced entry at night 80-100).
const PERSON_ZONE_POINTS: Record<ZoneType, number> = { entry_point: 15, driveway: 8, yard: 8, other: 3, sidewalk: -5 };
const PERSON_NIGHT_POINTS: Record<ZoneType | 'none', number> = { entry_point: 35, driveway: 25, yard: 25, other: 20, none: 20, sidewalk: 10 };
const VEHICLE_ZONE_POINTS: Record<ZoneType, number> = { entry_point: 10, driveway: 8, yard: 10, other: 2, sidewalk: -3 };

const zoneWords = (zone: { type: ZoneType; name: string }) => `${zone.type.replace('_', ' ')} zone "${zone.name}"`;
const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

function personFactors(f: BatchFacts): RiskFactor[] {
  const factors: RiskFactor[] = [{ points: 15, reason: 'a person was seen' }];
  if (f.personZone) factors.push({ points: PERSON_ZONE_POINTS[f.personZone.type], reason: `in the ${zoneWords(f.personZone)}` });
  if (f.clock.night) factors.push({ points: PERSON_NIGHT_POINTS[f.personZone?.type ?? 'none'], reason: `at night (${f.clock.start} local time)` });
  if (f.personDwellSeconds > 180) factors.push({ points: 30, reason: `stayed for about ${minutes(f.personDwellSeconds)} minutes` });
  else if (f.personDwellSeconds > 60) factors.push({ points: 8, reason: `stayed for about ${minutes(f.personDwellSeconds)} minute(s)` });
  if (f.personZone?.type === 'entry_point' && f.personDwellSeconds > 120) factors.push({ points: 10, reason: 'lingered at the entry point (testing a door or window?)' });
  if (f.stationaryPerson) factors.push({ points: 10, reason: 'stood still in one place' });
  if (f.maxPeopleInFrame >= 2) factors.push({ points: 10, reason: `${f.maxPeopleInFrame} people together` });
  if (f.clock.night && f.crossCameraDetections > 0) factors.push({ points: 5, reason: 'activity on other cameras at the same time' });
  return factors;
}

function vehicleFactors(f: BatchFacts, withPerson: boolean): RiskFactor[] {
  if (withPerson) return [{ points: 3, reason: 'a vehicle was there too' }];
  const factors: RiskFactor[] = [{ points: 8, reason: `a ${f.vehicles[0].object_type} was seen` }];
  if (f.vehicleZone) factors.push({ points: VEHICLE_ZONE_POINTS[f.vehicleZone.type], reason: `in the ${zoneWords(f.vehicleZone)}` });
  if (f.clock.night) factors.push({ points: 10, reason: `at night (${f.clock.start} local time)` });
  if (f.clock.night && f.unknownPlates.length > 0) factors.push({ points: 10, reason: `unknown plate ${f.unknownPlates.join(', ')}` });
  return factors;
}

function baselineFactors(f: BatchFacts): RiskFactor[] {
  if (f.anomalous) return [{ points: 10, reason: 'far more activity than usual for this camera at this hour' }];
  if ((f.maxBaselineDeviation ?? 0) >= 0.5) return [{ points: 5, reason: 'more activity than usual for this hour' }];
  return [];
}

/** Everything that raises or lowers the score of a batch. */
export function riskFactors(f: BatchFacts): RiskFactor[] {
  const withPerson = f.persons.length > 0;
  const factors: RiskFactor[] = [];
  if (withPerson) factors.push(...personFactors(f));
  if (f.vehicles.length > 0) factors.push(...vehicleFactors(f, withPerson));
  if (!withPerson && f.vehicles.length === 0) {
    factors.push(f.animals.length > 0 ? { points: 3, reason: `only an animal (${f.animals[0].object_type})` } : { points: 5, reason: `a ${f.classes[0] ?? 'object'} was seen` });
    return factors;
  }
  factors.push(...baselineFactors(f));
  return factors;
}

function looksLikeDelivery(f: BatchFacts): boolean {
  if (f.clock.night || f.persons.length === 0 || f.personDwellSeconds > 120 || f.stationaryPerson) return false;
  const truck = f.vehicles.some((v) => v.object_type === 'truck');
  const kerbside = f.vehicleZone?.type === 'sidewalk' && f.unknownPlates.length === 0;
  return truck || kerbside;
}

/** Ceilings for situations the guidance scores low whatever else holds. */
export function riskCaps(f: BatchFacts): RiskCap[] {
  const caps: RiskCap[] = [];
  if (f.knownPlates.length > 0 && f.unknownPlates.length === 0) caps.push({ max: 8, reason: `known vehicle (${f.knownPlates.join(', ')}): a resident` });
  if (looksLikeDelivery(f)) caps.push({ max: 12, reason: 'a short daytime visit with a delivery vehicle: most likely a delivery' });
  return caps;
}

export function scoreOf(factors: RiskFactor[], caps: RiskCap[]): number {
  const sum = factors.reduce((total, factor) => total + factor.points, 0);
  return clampRiskScore(Math.min(sum, ...caps.map((cap) => cap.max)));
}
