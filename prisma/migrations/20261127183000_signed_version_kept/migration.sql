-- A signed version is never deleted either: deleting its row (or its project's) would take its
-- signatures with it through ON DELETE CASCADE, which runs after the row is gone, so the
-- signatures' own guard (SpecSignature_no_delete) could no longer see that it was signed.
CREATE TRIGGER "SpecVersion_signed_kept"
BEFORE DELETE ON "SpecVersion"
WHEN OLD."status" = 'signed'
BEGIN
  SELECT RAISE(ABORT, 'A signed SpecVersion never changes');
END;
