import path from 'node:path';
import type { Express } from 'express';
import { alertFactory, alertRuleFactory, cameraFactory, detectionFactory, eventFactory, zoneFactory, type IntegrationContext } from '@secpipe/testing';
import { writeJpeg } from '../support';
import type { ResponseValidator } from './responseValidator';
import { tourCaller } from './tourCaller';

/**
 * Calls every documented operation of the resource routes (cameras, zones, detections, events,
 * alerts; success and error answers) and checks each response against the document. Returns the
 * number of responses checked.
 */
export async function runContractTour(app: Express, ctx: IntegrationContext, validator: ResponseValidator, mediaDir: string): Promise<number> {
  const { call, count } = tourCaller(app, validator);
  const db = ctx.prisma;
  const image = await writeJpeg(path.join(mediaDir, 'tour.jpg'), 640, 480);
  const camera = await cameraFactory.create(db);
  const detection = await detectionFactory.create(db, { camera_id: camera.id, file_path: image }, 'enriched');
  const event = await eventFactory.create(db, { camera_id: camera.id, detections: { create: [{ detection_id: detection.id }] } }, 'highRisk');
  const zone = await zoneFactory.create(db, { camera_id: camera.id });
  const rule = await alertRuleFactory.create(db, {}, 'nightOnly');
  const alert = await alertFactory.create(db, { event_id: event.id, rule_id: rule.id });
  const missingUuid = '00000000-0000-4000-8000-000000000000';

  await call('get', '/api/cameras', '/api/cameras?status=online');
  await call('get', '/api/cameras', '/api/cameras?limit=0');
  const created = await call('post', '/api/cameras', '/api/cameras', { name: 'Contract Cam', folder_path: '/data/contract cam' });
  await call('post', '/api/cameras', '/api/cameras', { name: 'Contract Cam', folder_path: '/data/contract cam' });
  await call('post', '/api/cameras', '/api/cameras', { name: 3 });
  await call('get', '/api/cameras/{id}', `/api/cameras/${camera.id}`);
  await call('get', '/api/cameras/{id}', '/api/cameras/nope');
  await call('patch', '/api/cameras/{id}', `/api/cameras/${camera.id}`, { status: 'offline' });
  await call('patch', '/api/cameras/{id}', `/api/cameras/${camera.id}`, { name: 'Contract Cam' });
  await call('patch', '/api/cameras/{id}', `/api/cameras/${camera.id}`, { status: 'asleep' });
  await call('get', '/api/cameras/{id}/snapshot', `/api/cameras/${camera.id}/snapshot`);
  await call('get', '/api/cameras/{id}/snapshot', '/api/cameras/nope/snapshot');

  const zones = `/api/cameras/${camera.id}/zones`;
  await call('get', '/api/cameras/{id}/zones', zones);
  await call('get', '/api/cameras/{id}/zones', '/api/cameras/nope/zones');
  await call('post', '/api/cameras/{id}/zones', zones, { name: 'Tour zone', coordinates: [[0, 0], [1, 1]] });
  await call('post', '/api/cameras/{id}/zones', zones, { name: 'Tour zone', coordinates: [[0, 0], [1, 1]] });
  await call('post', '/api/cameras/{id}/zones', zones, { name: 'Bad', coordinates: [[2, 0]] });
  await call('get', '/api/cameras/{id}/zones/{zone_id}', `${zones}/${zone.id}`);
  await call('get', '/api/cameras/{id}/zones/{zone_id}', `${zones}/${missingUuid}`);
  await call('put', '/api/cameras/{id}/zones/{zone_id}', `${zones}/${zone.id}`, { enabled: false });
  await call('put', '/api/cameras/{id}/zones/{zone_id}', `${zones}/${zone.id}`, { name: 'Tour zone' });
  await call('delete', '/api/cameras/{id}/zones/{zone_id}', `${zones}/${zone.id}`);
  await call('delete', '/api/cameras/{id}/zones/{zone_id}', `${zones}/${zone.id}`);
  const filters = `/api/cameras/${camera.id}/filters`;
  await call('get', '/api/cameras/{id}/filters', filters);
  await call('put', '/api/cameras/{id}/filters', filters, { car: { min_area: 0.01, masks: [[[0, 0], [0.2, 0], [0, 0.2]]] } });
  await call('put', '/api/cameras/{id}/filters', filters, { car: { min_area: 2 } });
  await call('get', '/api/cameras/{id}/filters', '/api/cameras/nope/filters');
  const sceneChange = await db.sceneChange.create({ data: { camera_id: camera.id, kind: 'view_blocked', similarity: 0.3, detected_at: new Date('2026-11-20T16:00:00Z') } });
  const sceneChanges = `/api/cameras/${camera.id}/scene-changes`;
  await call('get', '/api/cameras/{id}/scene-changes', sceneChanges);
  await call('get', '/api/cameras/{id}/scene-changes', `${sceneChanges}?acknowledged=maybe`);
  await call('get', '/api/cameras/{id}/scene-changes', '/api/cameras/nope/scene-changes');
  await call('post', '/api/cameras/{id}/scene-changes/{scene_change_id}/acknowledge', `${sceneChanges}/${sceneChange.id}/acknowledge`);
  await call('post', '/api/cameras/{id}/scene-changes/{scene_change_id}/acknowledge', `${sceneChanges}/999999/acknowledge`);

  await call('get', '/api/detections', `/api/detections?camera_id=${camera.id}&limit=1`);
  await call('get', '/api/detections', '/api/detections?min_confidence=7');
  await call('get', '/api/detections/stats', '/api/detections/stats');
  await call('get', '/api/detections/{id}', `/api/detections/${detection.id}`);
  await call('get', '/api/detections/{id}', '/api/detections/999999');
  await call('get', '/api/detections/{id}/image', `/api/detections/${detection.id}/image`);
  await call('get', '/api/detections/{id}/image', `/api/detections/${detection.id}/image?full=true`);
  await call('get', '/api/detections/{id}/image', `/api/detections/${detection.id}/image?full=maybe`);
  await call('get', '/api/detections/{id}/thumbnail', `/api/detections/${detection.id}/thumbnail`);
  await call('get', '/api/detections/{id}/thumbnail', '/api/detections/999999/thumbnail');

  await call('get', '/api/events', '/api/events?limit=1');
  await call('get', '/api/events', '/api/events?q=back%20door&risk_level=high');
  await call('get', '/api/events', '/api/events?reviewed=yes');
  await call('get', '/api/events/stats', '/api/events/stats');
  await call('get', '/api/events/{id}', `/api/events/${event.id}`);
  await call('get', '/api/events/{id}', '/api/events/999999');
  await call('patch', '/api/events/{id}', `/api/events/${event.id}`, { reviewed: true, notes: 'ok' });
  await call('patch', '/api/events/{id}', `/api/events/${event.id}`, { reviewed: 'yes' });
  await call('get', '/api/events/{id}/detections', `/api/events/${event.id}/detections`);

  await call('get', '/api/alerts/rules', '/api/alerts/rules');
  const newRule = await call('post', '/api/alerts/rules', '/api/alerts/rules', { name: 'Tour rule', channels: ['websocket'] });
  await call('post', '/api/alerts/rules', '/api/alerts/rules', { name: 'Tour rule' });
  await call('get', '/api/alerts/rules/{id}', `/api/alerts/rules/${rule.id}`);
  await call('put', '/api/alerts/rules/{id}', `/api/alerts/rules/${rule.id}`, { cooldown_seconds: 60 });
  await call('put', '/api/alerts/rules/{id}', `/api/alerts/rules/${rule.id}`, { name: 'Tour rule' });
  await call('post', '/api/alerts/rules/{id}/test', `/api/alerts/rules/${rule.id}/test`, { limit: 10 });
  await call('delete', '/api/alerts/rules/{id}', `/api/alerts/rules/${String(newRule.body.id)}`);
  await call('get', '/api/alerts/rules/{id}', `/api/alerts/rules/${missingUuid}`);

  await call('get', '/api/alerts', '/api/alerts?status=pending');
  await call('post', '/api/alerts/{id}/acknowledge', `/api/alerts/${alert.id}/acknowledge`);
  await call('post', '/api/alerts/{id}/dismiss', `/api/alerts/${alert.id}/dismiss`);
  await call('post', '/api/alerts/{id}/acknowledge', `/api/alerts/${alert.id}/acknowledge`);
  await call('post', '/api/alerts/{id}/dismiss', `/api/alerts/${missingUuid}/dismiss`);

  await call('delete', '/api/cameras/{id}', `/api/cameras/${String(created.body.id)}`);
  await call('delete', '/api/cameras/{id}', `/api/cameras/${String(created.body.id)}`);
  return count();
}
