-- CreateIndex
CREATE INDEX "Score_roundId_evaluatorId_idx" ON "Score"("roundId", "evaluatorId");
