#pragma once
// The store's schema and its migrations (docs/schema.md). PRAGMA user_version holds the
// version; each migration takes the file from version N-1 to N inside one transaction.

namespace SQLite {
class Database;
}

namespace salvage::store {

// Brings `db` to k_schema_version. Throws core::Error(ExitCode::input) when the file's version
// is newer than this program knows or the file is not a salvage store.
void migrate(SQLite::Database& db);

}  // namespace salvage::store
