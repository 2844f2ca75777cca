/**
 * Every primary key is a PostgreSQL `uuid`. A string that is not one cannot name a row, and must
 * not reach the database, where the cast would fail as a 500: callers answer 404/401/422 instead.
 */
export const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
