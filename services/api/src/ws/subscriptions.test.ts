import { parseClientMessage } from './clientMessages';
import { Subscription, typesForPattern } from './subscriptions';

describe('subscription patterns', () => {
  it('expands prefixes and exact types, never to system_status', () => {
    expect(typesForPattern('detection.*')).toEqual(['detection.new', 'detection.batch']);
    expect(typesForPattern('alert_*')).toEqual(['alert_created', 'alert_acknowledged', 'alert_dismissed']);
    expect(typesForPattern('event')).toEqual(['event']);
    expect(typesForPattern('system_status')).toEqual([]);
    expect(typesForPattern('*')).not.toContain('system_status');
    expect(typesForPattern('weather')).toEqual([]);
  });

  it('lets everything through until the first subscribe, then only what it names', () => {
    const subscription = new Subscription();
    expect(subscription.wants('scene_change', 'garage')).toBe(true);
    subscription.subscribe(['event'], ['front_door']);
    expect(subscription.wants('event', 'front_door')).toBe(true);
    expect(subscription.wants('event', 'garage')).toBe(false);
    expect(subscription.wants('scene_change', 'front_door')).toBe(false);
    subscription.subscribe(['service_status'], []);
    expect(subscription.wants('service_status', undefined)).toBe(true);
  });

  it('unsubscribing from one type of an unfiltered client keeps the others', () => {
    const subscription = new Subscription();
    subscription.unsubscribe(['detection.*'], []);
    expect(subscription.wants('detection.new', 'x')).toBe(false);
    expect(subscription.wants('event', 'x')).toBe(true);
  });

  it('removing the last camera filter lifts the camera filter', () => {
    const subscription = new Subscription();
    subscription.subscribe([], ['garage']);
    expect(subscription.wants('event', 'porch')).toBe(false);
    subscription.unsubscribe([], ['garage']);
    expect(subscription.wants('event', 'porch')).toBe(true);
  });
});

describe('client messages', () => {
  it('reads the plain-text ping and the JSON messages of the contract', () => {
    expect(parseClientMessage(' ping ')).toEqual({ ok: true, message: { type: 'ping' } });
    expect(parseClientMessage('{"type":"subscribe","channels":["event"]}')).toEqual({ ok: true, message: { type: 'subscribe', channels: ['event'], camera_ids: [] } });
    expect(parseClientMessage('{"type":"resync","last_sequence":0}')).toEqual({ ok: true, message: { type: 'resync', last_sequence: 0 } });
  });

  it('names what is wrong', () => {
    expect(parseClientMessage('{')).toMatchObject({ ok: false, error: 'invalid_json' });
    expect(parseClientMessage('"ping"')).toMatchObject({ ok: false, error: 'invalid_message_format' });
    expect(parseClientMessage('{"type":"toString"}')).toMatchObject({ ok: false, error: 'unknown_message_type' });
    expect(parseClientMessage('{"type":"resync","last_sequence":-1}')).toMatchObject({ ok: false, error: 'invalid_message_format' });
    expect(parseClientMessage('{"type":"subscribe","channels":"event"}')).toMatchObject({ ok: false, error: 'invalid_message_format' });
  });
});
