// InfluxQL quoting (https://docs.influxdata.com/influxdb/v1/query_language/spec/#identifiers).
// Every value that reaches a query goes through one of these; there is no other string building.

/** Identifier: double quotes, with `\` and `"` escaped. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** String literal: single quotes, with `\` and `'` escaped. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
