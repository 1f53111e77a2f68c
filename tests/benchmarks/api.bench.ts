// `pnpm bench api`: the API's read routes under 50 concurrent connections over a seeded
// database (BENCH_EVENTS events, default 1,000,000, three detections each), against the same
// SQL run straight through pg. The code lives with the API package, whose dependencies it uses.
import { runApiBenchmark } from '../../services/api/test/bench/apiBenchmark';

runApiBenchmark().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
