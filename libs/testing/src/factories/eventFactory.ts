import { riskLevelFor, type Event, type Prisma } from '@secpipe/core';
import { ensureCamera } from './detectionFactory';
import { defineFactory } from './defineFactory';
import { minutesAgo } from './fakeData';

export type EventInput = Omit<Prisma.EventUncheckedCreateInput, 'camera_id'> & { camera_id?: string };


export const eventFactory = defineFactory<EventInput, Event, 'highRisk' | 'critical' | 'reviewed' | 'fastPath' | 'fromLlm'>({
  defaults: (n) => {
    const score = (n * 17) % 60;
    return {
      batch_id: `batch-${String(n).padStart(6, '0')}`,
      started_at: minutesAgo(n * 3 + 2),
      ended_at: minutesAgo(n * 3),
      risk_score: score,
      risk_level: riskLevelFor(score),
      summary: `Person walked past the front door (${n})`,
      reasoning: 'Daytime activity on a public sidewalk, consistent with the usual baseline.',
      object_types: ['person'],
      detection_count: 1,
      analysis_source: 'rules',
    };
  },
  traits: {
    highRisk: { risk_score: 78, risk_level: 'high', summary: 'Unknown person lingered at the back door at night' },
    critical: { risk_score: 92, risk_level: 'critical', summary: 'Person tried the door handle of the garage at 3 am' },
    reviewed: { reviewed: true, notes: 'Checked: the neighbour collecting a parcel.' },
    fastPath: { is_fast_path: true },
    fromLlm: { analysis_source: 'llm' },
  },
  insert: async (db, data) => db.event.create({ data: { ...data, camera_id: await ensureCamera(db, data.camera_id) } }),
});

