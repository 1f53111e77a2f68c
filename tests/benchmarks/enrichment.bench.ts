// `pnpm bench enrichment`: enrichment throughput with OCR off and on, batching overhead per
// detection and cost growth from 1k to 10k detections. The code lives with the enrichment
// package, whose dependencies it uses. Results: bench-results/enrichment.json.
import { runEnrichmentBenchmark } from '../../services/enrichment/test/bench/enrichmentBenchmark';

runEnrichmentBenchmark().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
