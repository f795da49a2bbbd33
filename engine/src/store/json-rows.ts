import { getTableColumns, getTableName, sql, type InferInsertModel, type SQL } from 'drizzle-orm';
import { type PgTable } from 'drizzle-orm/pg-core';

/**
 * `insert into <table> (<columns>) select … from jsonb_to_recordset($1)`: many rows as one JSON
 * parameter. The query builder walks every value of a multi-row insert, which for a decision's
 * 4 KB of JSON columns cost 122–218 µs of client CPU a row against 76–104 µs this way
 * (docs/store.md); one parameter also lifts the 65,535-parameter limit, and the statement's text
 * does not change with the number of rows.
 *
 * The columns are those the rows give (`undefined` leaves a column to its default); every row
 * must give the same ones, since a row without a column would get NULL here, not the default.
 * The caller adds what follows (`on conflict …`, `returning …`).
 */
export function insertJsonRows<T extends PgTable>(table: T, rows: readonly InferInsertModel<T>[]): SQL {
  const first = rows[0] as Record<string, unknown> | undefined;
  if (!first) throw new Error('insertJsonRows needs at least one row');
  const all = Object.entries(getTableColumns(table));
  const columns = all.filter(([key]) => first[key] !== undefined);
  for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
    for (const [key] of all) {
      if ((row[key] === undefined) !== (first[key] === undefined)) {
        throw new Error(`insertJsonRows: the rows of ${getTableName(table)} do not all give ${key}`);
      }
    }
  }
  // The record's fields keep the rows' own keys, so the rows are sent as they are.
  const targets = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const fields = sql.join(
    columns.map(([key]) => sql.identifier(key)),
    sql`, `,
  );
  const types = sql.join(
    columns.map(([key, column]) => sql`${sql.identifier(key)} ${sql.raw(column.getSQLType())}`),
    sql`, `,
  );
  return sql`insert into ${table} (${targets}) select ${fields} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${types})`;
}
