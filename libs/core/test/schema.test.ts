import { cameraFactory, detectionFactory, eventFactory, fakeFileHash, useIntegrationContext, zoneFactory } from '@secpipe/testing';

describe('database schema protects the data', () => {
  const ctx = useIntegrationContext('schema');

  it('keeps one detection per (content hash, box index), whichever way it is written', async () => {
    const camera = await cameraFactory.create(ctx.prisma);
    const row = detectionFactory.build({ camera_id: camera.id, file_hash: fakeFileHash('dup'), box_index: 0 });
    const data = { ...row, camera_id: camera.id };

    await ctx.prisma.detection.createMany({ data: [data], skipDuplicates: true });
    await ctx.prisma.detection.createMany({ data: [data], skipDuplicates: true });
    await expect(ctx.prisma.detection.create({ data })).rejects.toMatchObject({ code: 'P2002' });
    await ctx.prisma.detection.upsert({
      where: { camera_id_file_hash_box_index: { camera_id: data.camera_id, file_hash: data.file_hash, box_index: 0 } },
      create: data,
      update: {},
    });
    await expect(ctx.prisma.detection.count({ where: { file_hash: data.file_hash } })).resolves.toBe(1);

    await ctx.prisma.detection.createMany({ data: [{ ...data, box_index: 1 }], skipDuplicates: true });
    await expect(ctx.prisma.detection.count({ where: { file_hash: data.file_hash } })).resolves.toBe(2);
  });

  it('keeps one event per batch id', async () => {
    await eventFactory.create(ctx.prisma, { batch_id: 'batch-unique' });
    await expect(eventFactory.create(ctx.prisma, { batch_id: 'batch-unique' })).rejects.toMatchObject({ code: 'P2002' });
  });

  it.each([
    ['confidence above 1', () => detectionFactory.create(ctx.prisma, { confidence: 1.5 })],
    ['negative confidence', () => detectionFactory.create(ctx.prisma, { confidence: -0.1 })],
    ['a hash that is not SHA-256 hex', () => detectionFactory.create(ctx.prisma, { file_hash: 'Z'.repeat(64) })],
    ['risk score above 100', () => eventFactory.create(ctx.prisma, { risk_score: 101 })],
    ['an event that ends before it starts', () =>
      eventFactory.create(ctx.prisma, { started_at: new Date('2026-01-02'), ended_at: new Date('2026-01-01') })],
    ['a zone colour that is not #RRGGBB', () => zoneFactory.create(ctx.prisma, { color: 'red' })],
  ])('rejects %s', async (_what, write) => {
    await expect(write()).rejects.toThrow();
  });

  it('deletes a camera with its detections, events and zones', async () => {
    const camera = await cameraFactory.create(ctx.prisma);
    await detectionFactory.createList(ctx.prisma, 3, { camera_id: camera.id });
    await eventFactory.create(ctx.prisma, { camera_id: camera.id });
    await zoneFactory.create(ctx.prisma, { camera_id: camera.id }, 'entryPoint');
    await ctx.prisma.camera.delete({ where: { id: camera.id } });
    const where = { camera_id: camera.id };
    await expect(
      Promise.all([ctx.prisma.detection.count({ where }), ctx.prisma.event.count({ where }), ctx.prisma.zone.count({ where })]),
    ).resolves.toEqual([0, 0, 0]);
  });

  it('finds events by full-text search over summary, reasoning and object types', async () => {
    const camera = await cameraFactory.create(ctx.prisma);
    const match = await eventFactory.create(ctx.prisma, {
      camera_id: camera.id,
      summary: 'Courier dropped a parcel',
      reasoning: 'Delivery van parked briefly',
      object_types: ['person', 'truck'],
    });
    await eventFactory.create(ctx.prisma, { camera_id: camera.id, summary: 'Cat crossed the lawn', reasoning: 'Pet', object_types: ['cat'] });
    const search = (q: string) =>
      ctx.prisma.$queryRaw<Array<{ id: number }>>`
        SELECT id FROM events WHERE camera_id = ${camera.id}
        AND search_vector @@ websearch_to_tsquery('english', ${q}) ORDER BY id`;
    await expect(search('parcels')).resolves.toEqual([{ id: match.id }]);
    await expect(search('truck')).resolves.toEqual([{ id: match.id }]);
    await expect(search('van parked')).resolves.toEqual([{ id: match.id }]);
    await expect(search('helicopter')).resolves.toEqual([]);
  });
});
