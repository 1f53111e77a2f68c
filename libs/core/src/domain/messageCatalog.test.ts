import { MESSAGE_TYPES, messageCatalog, parseMessageData, requiresAck } from './messageCatalog';

const event = {
  id: 7,
  event_id: 7,
  batch_id: 'b-1',
  camera_id: 'front_door',
  risk_score: 82,
  risk_level: 'high',
  summary: 'Person at the door',
  reasoning: 'Night, entry zone',
  started_at: '2026-12-02T10:00:00.000Z',
} as const;

describe('message catalog', () => {
  it('names every message type of the wire contract', () => {
    expect(MESSAGE_TYPES.sort()).toEqual(
      ['alert_acknowledged', 'alert_created', 'alert_dismissed', 'camera_status', 'detection.batch', 'detection.new', 'event', 'scene_change', 'service_status', 'system_status'].sort(),
    );
    expect(messageCatalog.system_status.channel).toBe('system');
    expect(messageCatalog.event.channel).toBe('events');
  });

  it('validates producers strictly', () => {
    expect(parseMessageData('event', event)).toEqual(event);
    expect(() => parseMessageData('event', { ...event, extra: 1 })).toThrow();
    expect(() => parseMessageData('event', { ...event, risk_score: 101 })).toThrow();
    expect(() => parseMessageData('event', { ...event, camera_id: 'Front Door' })).toThrow();
  });

  it('asks for an acknowledgement from risk 80 or a critical level', () => {
    expect(requiresAck('event', event)).toBe(true);
    expect(requiresAck('event', { ...event, risk_score: 79 })).toBe(false);
    expect(requiresAck('event', { ...event, risk_score: 10, risk_level: 'critical' })).toBe(true);
    expect(requiresAck('camera_status', {})).toBe(false);
  });
});
