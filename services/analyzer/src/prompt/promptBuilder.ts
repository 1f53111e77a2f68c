import type { RiskThresholds } from '@secpipe/core';
import type { Batch, BatchDetection } from '../assessment/batch';
import { batchFacts, type BatchFacts } from '../assessment/batchFacts';
import { quoted } from './sanitize';
import { PROMPT_VERSION, systemPrompt } from './systemPrompt';
import { fitToBudget, type PromptSection } from './tokenBudget';

export interface PromptSettings {
  timeZone: string;
  knownPlates: string[];
  budgetTokens: number;
}

export interface BuiltPrompt {
  system: string;
  user: string;
  version: string;
  /** Context left out to fit the token budget, least important first. */
  dropped: string[];
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();
function localTime(at: Date, timeZone: string): string {
  let formatter = timeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    timeFormatters.set(timeZone, formatter);
  }
  return formatter.format(at);
}

function detectionLine(d: BatchDetection, timeZone: string): string {
  const e = d.enrichment;
  const parts = [`- ${localTime(d.detected_at, timeZone)} ${d.object_type} (confidence ${d.confidence.toFixed(2)})`];
  if (e?.zones.length) parts.push(`zones: ${e.zones.map((z) => `${quoted(z.name, 40)} (${z.zone_type})`).join(', ')}`);
  if (e?.plate) parts.push(`plate ${quoted(e.plate.text, 16)}`);
  if (e?.stationary) parts.push(`stationary${e.stationary_seconds ? ` ${Math.round(e.stationary_seconds)} s` : ''}`);
  return parts.join('; ');
}

function headerSection(batch: Batch, f: BatchFacts): PromptSection {
  const when = `${f.clock.weekday} ${f.clock.start}-${f.clock.end} (${f.clock.timeZone})${f.clock.night ? ', night' : ', daytime'}`;
  return {
    name: 'camera',
    dropOrder: 0,
    lines: [`Camera: ${quoted(batch.camera_name)}`, `Local time window: ${when}`, `Batch closed: ${batch.close_reason}; ${batch.detections.length} detection(s)`],
  };
}

function contextSections(batch: Batch, f: BatchFacts): PromptSection[] {
  const plates = f.plates.map((p) => `${quoted(p, 16)}${f.knownPlates.includes(p) ? ' (known resident vehicle)' : ' (unknown)'}`);
  const baseline =
    f.maxBaselineDeviation === null ? [] : [`Activity versus the usual for this camera and hour: deviation ${f.maxBaselineDeviation.toFixed(2)} (0 = usual, 1 = far above)${f.anomalous ? ', anomalous' : ''}`];
  const cross = (batch.context?.cross_camera ?? []).map((c) => `- ${quoted(c.camera_id, 40)}: ${c.detection_count} detection(s)`);
  return [
    { name: 'plates', dropOrder: 2, lines: plates.length ? [`Licence plates: ${plates.join(', ')}`] : [] },
    { name: 'quality', dropOrder: 3, lines: f.quality.length ? [`Image quality caveats: ${f.quality.join(', ')}; be less certain`] : [] },
    { name: 'baseline', dropOrder: 4, lines: baseline },
    { name: 'cross-camera', dropOrder: 5, lines: cross.length ? ['Other cameras within 5 minutes:', ...cross] : [] },
  ];
}

/**
 * The Nemotron-oriented prompt: system persona with the configured score bands, then the batch
 * as data (camera, local time window, each detection, plates, baseline, cross-camera activity,
 * image caveats), trimmed to the token budget least important context first.
 */
export function buildPrompt(batch: Batch, thresholds: RiskThresholds, settings: PromptSettings): BuiltPrompt {
  const facts = batchFacts(batch, settings);
  const detections: PromptSection = {
    name: 'detections',
    dropOrder: 0,
    lines: ['Detections:', ...batch.detections.map((d) => detectionLine(d, settings.timeZone))],
    trimmable: { keep: 6, summariseCut: (count) => `- ... ${count} more detection(s) of ${facts.classes.join(', ')}` },
  };
  const system = systemPrompt(thresholds);
  const budget = settings.budgetTokens - Math.ceil(system.length / 4);
  const { text, dropped } = fitToBudget([headerSection(batch, facts), detections, ...contextSections(batch, facts)], budget);
  return { system, user: `Assess the risk of this camera activity.\n<data>\n${text}\n</data>`, version: PROMPT_VERSION, dropped };
}
