import { sql, type SQL } from 'drizzle-orm';
import { type AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = any($1)` over text values: one statement text whatever the number of values, so the
 * server prepares it once, where `in ($1, $2, ...)` is a new statement for every length.
 */
export const anyOf = (column: AnyPgColumn, values: readonly string[]): SQL =>
  sql`${column} = any(${sql.param(values)}::text[])`;
