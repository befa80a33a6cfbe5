// libpg_query: PostgreSQL's own parser as a library (Debian: libpg-query-dev).
#include <pg_query.h>
