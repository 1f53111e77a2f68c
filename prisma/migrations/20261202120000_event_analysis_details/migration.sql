-- What the analyzer records about each assessment, for audit and tuning: the model and prompt
-- version behind a score, how long the assessment took, why the batch closed, the parse or
-- transport error when the LLM answer could not be used, and the raw answer itself. The raw
-- answer is kept only until `raw_llm_answer_expires_at` (analyzer setting
-- RAW_LLM_ANSWER_RETENTION_HOURS); the analyzer clears expired answers, the event stays.
ALTER TABLE "events"
  ADD COLUMN "model_name" VARCHAR(100),
  ADD COLUMN "prompt_version" VARCHAR(50),
  ADD COLUMN "analysis_latency_ms" INTEGER,
  ADD COLUMN "close_reason" VARCHAR(20),
  ADD COLUMN "analysis_error" TEXT,
  ADD COLUMN "raw_llm_answer" TEXT,
  ADD COLUMN "raw_llm_answer_expires_at" TIMESTAMPTZ(3);

ALTER TABLE "events"
  ADD CONSTRAINT "events_analysis_latency_non_negative" CHECK ("analysis_latency_ms" IS NULL OR "analysis_latency_ms" >= 0);

-- The expiry sweep reads only events that still hold a raw answer.
CREATE INDEX "events_raw_llm_answer_expiry_idx" ON "events" ("raw_llm_answer_expires_at")
  WHERE "raw_llm_answer_expires_at" IS NOT NULL;
