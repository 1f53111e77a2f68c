// `pnpm bench scene`: cost of the scene check per frame (decode to 640 px grey, SSIM, and the
// shift search that classifies a changed frame). The code lives with the enrichment package,
// whose dependencies it uses. Results: bench-results/scene.json.
import { runSceneBenchmark } from '../../services/enrichment/test/bench/sceneBenchmark';

runSceneBenchmark().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
