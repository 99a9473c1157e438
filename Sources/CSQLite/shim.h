#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: these wrap the settings JoinAudit makes
   once, before the first connection opens (SQLite refuses them after it has initialized). */

/* Stop SQLite counting its memory: the count takes a process-wide mutex on every allocation
   and free, and nothing here reads it (sqlite3_memory_used, soft heap limits). */
static inline int joinaudit_sqlite_stop_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Starts writing a range of a file's dirty pages to disk without waiting for it (Linux's
   sync_file_range with SYNC_FILE_RANGE_WRITE; elsewhere nothing). The direct event load calls
   it as it goes, so that the fdatasync of its commit finds most pages already on their way
   instead of waiting for all 260 MB of a 1M-event day at the end. Advisory: the commit's own
   sync is what makes the pages durable, and reports any error. */
#if defined(__linux__)
#include <fcntl.h>
#include <stdint.h>
/* Swift's importer does not define _GNU_SOURCE, so glibc's <fcntl.h> declares neither the
   function nor its flag. Its offsets are 64-bit on every Linux (off64_t), hence int64_t. */
#ifndef SYNC_FILE_RANGE_WRITE
#define SYNC_FILE_RANGE_WRITE 2
extern int sync_file_range(int fd, int64_t offset, int64_t nbytes, unsigned int flags);
#endif
#endif

static inline int joinaudit_start_writeback(int fd, int64_t offset, int64_t length) {
#if defined(__linux__)
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}
