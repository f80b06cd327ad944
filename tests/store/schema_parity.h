/*
 * schema_parity.h — the catalogue queries test_sql_pg.c's test_schema runs on the SQLite and the PostgreSQL schema
 * (both migrated to the end) to compare their columns, primary and unique keys, foreign keys, indexes and triggers,
 * one text row per item, in the same form on both sides.
 */
#ifndef MS_TEST_SCHEMA_PARITY_H
#define MS_TEST_SCHEMA_PARITY_H

static const char *const LITE_COLUMNS =
	"SELECT m.name, p.name, (p.\"notnull\" OR p.pk > 0) FROM pragma_table_list m, pragma_table_info(m.name) p "
	"WHERE m.schema = 'main' AND m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2";
static const char *const PG_COLUMNS =
	"SELECT table_name, column_name, (is_nullable = 'NO')::int FROM information_schema.columns "
	"WHERE table_schema = 'public' AND is_generated = 'NEVER' ORDER BY 1, 2";
static const char *const LITE_KEYS =
	"SELECT m.name || '|' || (SELECT group_concat(name) FROM (SELECT ii.name FROM pragma_index_info(il.name) ii "
	"ORDER BY ii.seqno)) FROM sqlite_master m, pragma_index_list(m.name) il "
	"WHERE m.type = 'table' AND m.name IN (SELECT name FROM pragma_table_list WHERE type = 'table') AND il.\"unique\" AND il.origin <> 'c' "
	"UNION SELECT m.name || '|' || p.name FROM sqlite_master m, pragma_table_info(m.name) p "
	"WHERE m.type = 'table' AND m.name IN (SELECT name FROM pragma_table_list WHERE type = 'table') AND p.pk = 1 AND NOT EXISTS "
	"(SELECT 1 FROM pragma_index_list(m.name) il WHERE il.origin = 'pk') ORDER BY 1";
static const char *const PG_KEYS =
	"SELECT (SELECT relname FROM pg_class WHERE oid = c.conrelid) || '|' || "
	"(SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord) "
	"JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) "
	"FROM pg_constraint c WHERE c.contype IN ('p', 'u') AND c.connamespace = 'public'::regnamespace "
	/* a unique index (whole, no INCLUDE) on a column's SHA-256 (sha256(col::bytea)) stands for a key on the
	 * column, which a PostgreSQL B-tree entry could not hold past 2,704 bytes (pref_tally, schema_pref3.c); a
	 * partial or covering one is left to the index list, where SQLite has none to match it */
	"UNION SELECT (SELECT relname FROM pg_class WHERE oid = i.indrelid) || '|' || "
	"(SELECT string_agg(regexp_replace(pg_get_indexdef(i.indexrelid, k, true), '^sha256\\(\\(?(\\w+)\\)?::bytea\\)$', "
	"'\\1'), ',' ORDER BY k) FROM generate_series(1, i.indnkeyatts) k) "
	"FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid WHERE i.indisunique AND i.indpred IS NULL "
	"AND i.indnkeyatts = i.indnatts "
	"AND pg_get_indexdef(i.indexrelid) LIKE '% sha256(%' "
	"AND x.relnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = "
	"i.indexrelid) ORDER BY 1";
static const char *const LITE_FKS =
	"SELECT m.name || '|' || f.\"from\" || '|' || f.\"table\" || '|' || f.\"to\" "
	"FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name IN (SELECT name FROM pragma_table_list WHERE type = 'table') ORDER BY 1";
static const char *const PG_FKS =
	"SELECT (SELECT relname FROM pg_class WHERE oid = c.conrelid) || '|' || a.attname || '|' || "
	"(SELECT relname FROM pg_class WHERE oid = c.confrelid) || '|' || b.attname FROM pg_constraint c "
	"JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
	"JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1] "
	"WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace ORDER BY 1";
static const char *const LITE_INDEXES =
	"SELECT name || '|' || tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1";
static const char *const PG_INDEXES =
	"SELECT indexname || '|' || tablename FROM pg_indexes WHERE schemaname = 'public' "
	"AND indexname NOT IN (SELECT conname FROM pg_constraint) AND indexdef NOT LIKE '% USING gin %' "
	"AND indexname NOT IN (SELECT x.relname FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
	"WHERE i.indisunique AND i.indpred IS NULL AND i.indnkeyatts = i.indnatts "
	"AND pg_get_indexdef(i.indexrelid) LIKE '% sha256(%') ORDER BY 1";
static const char *const LITE_TRIGGERS =
	"SELECT name || '|' || tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1";
static const char *const PG_TRIGGERS =
	"SELECT tgname || '|' || (SELECT relname FROM pg_class WHERE oid = tgrelid) FROM pg_trigger "
	"WHERE NOT tgisinternal AND tgname NOT LIKE '%truncat%' ORDER BY 1";

#endif
