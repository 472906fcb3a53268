-- CreateTable
CREATE TABLE "SpecDraft" (
    "projectId" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "titleFields" TEXT NOT NULL DEFAULT '{}',
    "freeText" TEXT NOT NULL DEFAULT '{}',
    "excluded" TEXT NOT NULL DEFAULT '[]',
    "sectionOrder" TEXT NOT NULL DEFAULT '[]',
    "signers" TEXT NOT NULL DEFAULT '[]',
    "signingOrder" TEXT NOT NULL DEFAULT 'sequential',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SpecDraft_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SpecVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "templateId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'issued',
    "document" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "draft" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "signingOrder" TEXT NOT NULL DEFAULT 'sequential',
    "reviewDeadline" DATETIME NOT NULL,
    "issuedById" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signedAt" DATETIME,
    "closedAt" DATETIME,
    "closedReason" TEXT,
    CONSTRAINT "SpecVersion_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SpecVersion_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SpecSigner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "SpecSigner_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "SpecVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SpecSigner_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SpecSignature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "signerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "reason" TEXT,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    CONSTRAINT "SpecSignature_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "SpecVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SpecSignature_signerId_fkey" FOREIGN KEY ("signerId") REFERENCES "SpecSigner" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SpecSignature_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SpecSigningChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "signerId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SpecSigningChallenge_signerId_fkey" FOREIGN KEY ("signerId") REFERENCES "SpecSigner" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SpecComment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "anchorType" TEXT NOT NULL,
    "anchorId" TEXT NOT NULL,
    "anchorLabel" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolution" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SpecComment_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "SpecVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SpecComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SpecComment_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SpecFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SpecFile_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "SpecVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SpecVersion_contentHash_idx" ON "SpecVersion"("contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "SpecVersion_projectId_number_key" ON "SpecVersion"("projectId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SpecSigner_versionId_position_key" ON "SpecSigner"("versionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "SpecSigner_versionId_userId_key" ON "SpecSigner"("versionId", "userId");

-- CreateIndex
CREATE INDEX "SpecSignature_versionId_idx" ON "SpecSignature"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "SpecSigningChallenge_tokenHash_key" ON "SpecSigningChallenge"("tokenHash");

-- CreateIndex
CREATE INDEX "SpecComment_versionId_status_idx" ON "SpecComment"("versionId", "status");

-- CreateIndex
CREATE INDEX "SpecFile_sha256_idx" ON "SpecFile"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "SpecFile_versionId_format_key" ON "SpecFile"("versionId", "format");

-- An issued version's content never changes; a signed version does not change at all, and
-- neither do its signatures. (The model refuses these too; this holds for any other writer.)
CREATE TRIGGER "SpecVersion_content_immutable"
BEFORE UPDATE OF "projectId", "number", "templateId", "document", "data", "draft", "contentHash", "signingOrder", "issuedById", "issuedAt" ON "SpecVersion"
BEGIN
  SELECT RAISE(ABORT, 'SpecVersion content is immutable once issued');
END;

CREATE TRIGGER "SpecVersion_signed_frozen"
BEFORE UPDATE ON "SpecVersion"
WHEN OLD."status" = 'signed'
BEGIN
  SELECT RAISE(ABORT, 'A signed SpecVersion never changes');
END;

CREATE TRIGGER "SpecSignature_frozen_when_signed"
BEFORE UPDATE ON "SpecSignature"
WHEN (SELECT "status" FROM "SpecVersion" WHERE "id" = OLD."versionId") = 'signed'
BEGIN
  SELECT RAISE(ABORT, 'The signatures of a signed SpecVersion never change');
END;

CREATE TRIGGER "SpecSignature_no_delete"
BEFORE DELETE ON "SpecSignature"
WHEN (SELECT "status" FROM "SpecVersion" WHERE "id" = OLD."versionId") = 'signed'
BEGIN
  SELECT RAISE(ABORT, 'The signatures of a signed SpecVersion never change');
END;

CREATE TRIGGER "SpecSignature_content_immutable"
BEFORE UPDATE OF "versionId", "signerId", "userId", "decision", "fullName", "position", "party", "meaning", "contentHash", "reason", "ip", "userAgent", "createdAt" ON "SpecSignature"
BEGIN
  SELECT RAISE(ABORT, 'A signature is never edited; it can only be revoked');
END;
