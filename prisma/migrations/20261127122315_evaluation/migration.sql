-- CreateTable
CREATE TABLE "Candidate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "edition" TEXT NOT NULL DEFAULT '',
    "productVersion" TEXT NOT NULL DEFAULT '',
    "hosting" TEXT NOT NULL DEFAULT 'cloud',
    "licenceModel" TEXT NOT NULL DEFAULT 'subscription',
    "pricePerUserMonthMinor" INTEGER NOT NULL DEFAULT 0,
    "perpetualPerUserMinor" INTEGER NOT NULL DEFAULT 0,
    "users" INTEGER NOT NULL DEFAULT 1,
    "implementationCostMinor" INTEGER NOT NULL DEFAULT 0,
    "annualSupportCostMinor" INTEGER NOT NULL DEFAULT 0,
    "demoAccess" TEXT NOT NULL DEFAULT '',
    "contacts" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Candidate_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvaluationSettings" (
    "projectId" TEXT NOT NULL PRIMARY KEY,
    "mustWeight" REAL NOT NULL DEFAULT 3,
    "shouldWeight" REAL NOT NULL DEFAULT 2,
    "couldWeight" REAL NOT NULL DEFAULT 1,
    "spreadThreshold" INTEGER NOT NULL DEFAULT 2,
    "tcoYears" INTEGER NOT NULL DEFAULT 3,
    CONSTRAINT "EvaluationSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoringRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "ScoringRound_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Score" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "requirementId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "evaluatorId" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "basis" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Score_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ScoringRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Score_requirementId_fkey" FOREIGN KEY ("requirementId") REFERENCES "Requirement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Score_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Score_evaluatorId_fkey" FOREIGN KEY ("evaluatorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsensusScore" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "requirementId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "mean" REAL NOT NULL,
    "spread" INTEGER NOT NULL,
    "evaluators" INTEGER NOT NULL,
    "value" REAL,
    "comment" TEXT NOT NULL DEFAULT '',
    "changedById" TEXT,
    "changedAt" DATETIME,
    CONSTRAINT "ConsensusScore_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ScoringRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsensusScore_requirementId_fkey" FOREIGN KEY ("requirementId") REFERENCES "Requirement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsensusScore_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RequirementWeight" (
    "requirementId" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "weight" REAL NOT NULL,
    "reason" TEXT NOT NULL,
    "setById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RequirementWeight_requirementId_fkey" FOREIGN KEY ("requirementId") REFERENCES "Requirement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RequirementWeight_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Improvement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "feasibility" TEXT NOT NULL DEFAULT 'feasible',
    "hoursCenti" INTEGER,
    "hourlyRateMinor" INTEGER,
    "fixedPriceMinor" INTEGER,
    "durationDays" INTEGER,
    "earliestStart" DATETIME,
    "stage" TEXT NOT NULL DEFAULT '1',
    "mustBeforeGoLive" BOOLEAN NOT NULL DEFAULT true,
    "sequential" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "origin" TEXT NOT NULL DEFAULT 'manual',
    "vendorComment" TEXT NOT NULL DEFAULT '',
    "leadComment" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Improvement_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Improvement_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImprovementRequirement" (
    "improvementId" TEXT NOT NULL,
    "requirementId" TEXT NOT NULL,

    PRIMARY KEY ("improvementId", "requirementId"),
    CONSTRAINT "ImprovementRequirement_improvementId_fkey" FOREIGN KEY ("improvementId") REFERENCES "Improvement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ImprovementRequirement_requirementId_fkey" FOREIGN KEY ("requirementId") REFERENCES "Requirement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Decision" (
    "projectId" TEXT NOT NULL PRIMARY KEY,
    "chosenCandidateId" TEXT,
    "rationale" TEXT NOT NULL DEFAULT '{"type":"doc","content":[]}',
    "rationaleText" TEXT NOT NULL DEFAULT '',
    "alternatives" TEXT NOT NULL DEFAULT '[]',
    "signedOffById" TEXT,
    "signedOffAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Decision_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Decision_chosenCandidateId_fkey" FOREIGN KEY ("chosenCandidateId") REFERENCES "Candidate" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "candidateId" TEXT,
    "evaluator" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Membership_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Membership" ("candidateId", "createdAt", "departmentId", "id", "projectId", "role", "userId") SELECT "candidateId", "createdAt", "departmentId", "id", "projectId", "role", "userId" FROM "Membership";
DROP TABLE "Membership";
ALTER TABLE "new_Membership" RENAME TO "Membership";
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");
CREATE UNIQUE INDEX "Membership_projectId_userId_key" ON "Membership"("projectId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Candidate_projectId_position_idx" ON "Candidate"("projectId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ScoringRound_projectId_number_key" ON "ScoringRound"("projectId", "number");

-- CreateIndex
CREATE INDEX "Score_roundId_candidateId_idx" ON "Score"("roundId", "candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "Score_roundId_requirementId_candidateId_evaluatorId_key" ON "Score"("roundId", "requirementId", "candidateId", "evaluatorId");

-- CreateIndex
CREATE INDEX "ConsensusScore_roundId_candidateId_idx" ON "ConsensusScore"("roundId", "candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsensusScore_roundId_requirementId_candidateId_key" ON "ConsensusScore"("roundId", "requirementId", "candidateId");

-- CreateIndex
CREATE INDEX "RequirementWeight_projectId_idx" ON "RequirementWeight"("projectId");

-- CreateIndex
CREATE INDEX "Improvement_projectId_candidateId_idx" ON "Improvement"("projectId", "candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "Improvement_projectId_code_key" ON "Improvement"("projectId", "code");

-- CreateIndex
CREATE INDEX "ImprovementRequirement_requirementId_idx" ON "ImprovementRequirement"("requirementId");
