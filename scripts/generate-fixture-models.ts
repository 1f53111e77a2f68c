// Writes the fixture detection models (RT-DETR-shaped and YOLO-shaped) to fixtures/generated/.
// Deterministic and offline: `tsx scripts/generate-fixture-models.ts [dir]`.
import path from 'node:path';
import { FIXTURE_MODEL_FILES, writeFixtureModel } from '../libs/testing/src/fixtures/fixtureModel';

const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'fixtures', 'generated'));
for (const [fileName, options] of Object.entries(FIXTURE_MODEL_FILES)) {
  console.log(writeFixtureModel(dir, fileName, options));
}
