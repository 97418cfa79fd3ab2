-- On PostgreSQL, V1 creates the schema of version 7 whole; this script only records version 5 in schema_version.
SELECT 1;
