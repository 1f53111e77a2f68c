import type { Prisma } from '@secpipe/core';

export interface BaselineUpdate {
  cameraId: string;
  hour: number;
  dayOfWeek: number;
  /** Kept detections of the image per class (classes absent from the image count as 0). */
  classCounts: Record<string, number>;
  /** EWMA weight of this sample. */
  alpha: number;
}

export interface BaselineBefore {
  /** The camera's class frequencies at this hour before this image: class -> { frequency, samples }. */
  classes: Map<string, { frequency: number; samples: number }>;
  activity: { avgCount: number; samples: number } | null;
}

interface Row {
  act_avg: number | null;
  act_samples: number | null;
  classes: Array<{ object_class: string; frequency: number; sample_count: number }> | null;
}

/**
 * Updates the activity baseline (camera x hour x weekday) and the class baselines (camera x class
 * x hour) with one image as EWMAs, in one statement, and returns the values from before the
 * image. Classes the camera has shown at this hour but not in this image get a 0 sample, so a
 * class that stops appearing fades.
 */
export async function updateBaselines(tx: Prisma.TransactionClient, update: BaselineUpdate): Promise<BaselineBefore> {
  const { cameraId, hour, dayOfWeek, alpha } = update;
  const counts = JSON.stringify(Object.entries(update.classCounts).map(([object_class, n]) => ({ object_class, n })));
  const total = Object.values(update.classCounts).reduce((sum, n) => sum + n, 0);
  const [row] = await tx.$queryRaw<Row[]>`
    WITH obs AS (SELECT * FROM jsonb_to_recordset(${counts}::jsonb) AS o(object_class text, n int)),
    prev_act AS (SELECT avg_count, sample_count FROM activity_baselines WHERE camera_id = ${cameraId} AND hour = ${hour} AND day_of_week = ${dayOfWeek}),
    prev_cls AS (SELECT object_class, frequency, sample_count FROM class_baselines WHERE camera_id = ${cameraId} AND hour = ${hour}),
    act AS (
      INSERT INTO activity_baselines (camera_id, hour, day_of_week, avg_count, sample_count, last_updated)
      VALUES (${cameraId}, ${hour}, ${dayOfWeek}, ${total}, 1, now())
      ON CONFLICT (camera_id, hour, day_of_week) DO UPDATE SET
        avg_count = activity_baselines.avg_count * (1 - ${alpha}::float8) + ${alpha}::float8 * EXCLUDED.avg_count,
        sample_count = activity_baselines.sample_count + 1, last_updated = now()
      RETURNING 1),
    cls AS (
      INSERT INTO class_baselines (camera_id, object_class, hour, frequency, sample_count, last_updated)
      SELECT ${cameraId}, k.object_class, ${hour}, COALESCE(o.n, 0), 1, now()
      FROM (SELECT object_class FROM obs UNION SELECT object_class FROM prev_cls) k LEFT JOIN obs o USING (object_class)
      ON CONFLICT (camera_id, object_class, hour) DO UPDATE SET
        frequency = class_baselines.frequency * (1 - ${alpha}::float8) + ${alpha}::float8 * EXCLUDED.frequency,
        sample_count = class_baselines.sample_count + 1, last_updated = now()
      RETURNING 1)
    SELECT (SELECT avg_count FROM prev_act) AS act_avg, (SELECT sample_count FROM prev_act) AS act_samples,
      (SELECT json_agg(prev_cls) FROM prev_cls) AS classes,
      (SELECT count(*) FROM act) + (SELECT count(*) FROM cls) AS written`;
  return {
    activity: row?.act_avg === null || row?.act_avg === undefined ? null : { avgCount: Number(row.act_avg), samples: Number(row.act_samples) },
    classes: new Map((row?.classes ?? []).map((c) => [c.object_class, { frequency: Number(c.frequency), samples: Number(c.sample_count) }])),
  };
}
