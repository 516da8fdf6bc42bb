-- Decision 010, session 7: nothing reads the audit log by time alone (every reader asks for the trail of one entity).
-- DropIndex
DROP INDEX "AuditLog_at_idx";
