// AugurSQL: the parser layer. PostgreSQL 15's grammar through libpg_query, and the typed Swift
// value types every other layer reads SQL through.
//
// Entry points are the static functions of `SQLParser`: `parse`, `fingerprint`, `normalize`,
// `split` and `scan`. Errors are `SQLParseError` values with a line, column and excerpt.
// `SQLSource` turns raw bytes (a file) into text the parser accepts, rejecting invalid UTF-8.
