import { evaluateRule, type EventFacts, type RuleCriteria } from './ruleEvaluator';
import { withinSchedule } from './ruleSchedule';

const openRule: RuleCriteria = { risk_threshold: null, object_types: [], camera_ids: [], zone_ids: [], min_confidence: null, schedule: null, scene_change: false };
const event: EventFacts = {
  camera_id: 'front_door',
  risk_score: 75,
  object_types: ['person'],
  started_at: new Date('2026-11-20T23:30:00Z'),
  max_confidence: 0.9,
  zone_ids: ['z1'],
  scene_change: false,
};

describe('evaluateRule', () => {
  it('matches scene-change events only with scene_change rules, and those with nothing else', () => {
    const tamper: EventFacts = { ...event, object_types: [], max_confidence: null, zone_ids: [], scene_change: true };
    const sceneRule: RuleCriteria = { ...openRule, scene_change: true, camera_ids: ['front_door'] };
    expect(evaluateRule(sceneRule, tamper)).toEqual({ matches: true, reasons: [] });
    expect(evaluateRule(sceneRule, event)).toEqual({ matches: false, reasons: ['the event is not a scene change'] });
    expect(evaluateRule(openRule, tamper).matches).toBe(false);
    expect(evaluateRule({ ...sceneRule, camera_ids: ['garage'] }, tamper).matches).toBe(false);
  });

  it('matches when the rule sets no conditions', () => {
    expect(evaluateRule(openRule, event)).toEqual({ matches: true, reasons: [] });
  });

  it('names every failed condition', () => {
    const rule: RuleCriteria = { risk_threshold: 80, object_types: ['car'], camera_ids: ['garage'], zone_ids: ['z2'], min_confidence: 0.95, schedule: null, scene_change: false };
    const verdict = evaluateRule(rule, event);
    expect(verdict.matches).toBe(false);
    expect(verdict.reasons).toHaveLength(5);
  });

  it('treats an event without detections as below any confidence floor', () => {
    expect(evaluateRule({ ...openRule, min_confidence: 0.1 }, { ...event, max_confidence: null }).matches).toBe(false);
  });
});

describe('withinSchedule', () => {
  const night = { days: ['fri'], start_time: '22:00', end_time: '06:00', timezone: 'Europe/Berlin' };

  it('covers the hours after midnight of a window that started on an allowed day', () => {
    // 2026-11-20 is a Friday; 23:30 UTC is 00:30 Saturday in Berlin.
    expect(withinSchedule(night, new Date('2026-11-20T23:30:00Z'))).toBe(true);
    expect(withinSchedule(night, new Date('2026-11-20T21:30:00Z'))).toBe(true);
    expect(withinSchedule(night, new Date('2026-11-20T12:00:00Z'))).toBe(false);
    // Saturday 23:00 Berlin starts a Saturday window, which is not allowed.
    expect(withinSchedule(night, new Date('2026-11-21T22:00:00Z'))).toBe(false);
  });

  it('handles same-day windows', () => {
    const office = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start_time: '09:00', end_time: '17:00', timezone: 'UTC' };
    expect(withinSchedule(office, new Date('2026-11-20T10:00:00Z'))).toBe(true);
    expect(withinSchedule(office, new Date('2026-11-20T17:00:00Z'))).toBe(false);
    expect(withinSchedule(office, new Date('2026-11-21T10:00:00Z'))).toBe(false);
  });
});
