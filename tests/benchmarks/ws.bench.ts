// `pnpm bench ws`: 1,000 and 5,000 concurrent /ws/events subscribers (in a separate process);
// p50/p99 delay from publish to receipt for 100 events, and the server's memory per connection.
import { runWsBenchmark } from '../../services/api/test/bench/wsBenchmark';

runWsBenchmark().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
