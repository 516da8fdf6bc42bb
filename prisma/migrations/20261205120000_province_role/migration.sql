-- The province read-only role (decision 016). A new role rather than a flag on a staff login, so that every
-- write path that asks isStaff refuses it without being touched.
ALTER TYPE "Role" ADD VALUE 'PROVINCE';
