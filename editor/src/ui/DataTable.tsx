/**
 * A table of rows through TanStack Table (headless): the header row and one row per item, every
 * cell rendered by its column. `rowProps` gives a row its own attributes (selection, clicks).
 */
import { type HTMLAttributes } from 'react';
import { flexRender, tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';

// No sorting, filtering or paging yet: the core row model only.
const features = tableFeatures({});
export type Column<T extends RowData> = ColumnDef<typeof features, T>;

export function DataTable<T extends RowData>({
  columns,
  data,
  className,
  testId,
  rowProps,
}: {
  columns: Array<Column<T>>;
  data: T[];
  className: string;
  testId: string;
  rowProps?: (item: T) => HTMLAttributes<HTMLTableRowElement>;
}) {
  const table = useTable({ features, columns, data });
  return (
    <table className={className} data-testid={testId}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} {...rowProps?.(row.original)}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
