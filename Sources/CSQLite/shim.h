#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: these wrap the settings JoinAudit makes
   once, before the first connection opens (SQLite refuses them after it has initialized). */

/* Stop SQLite counting its memory: the count takes a process-wide mutex on every allocation
   and free, and nothing here reads it (sqlite3_memory_used, soft heap limits). */
static inline int joinaudit_sqlite_stop_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
