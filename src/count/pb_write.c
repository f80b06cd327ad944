/*
 * pb_write.c — Pabulib .pb text written from struct ms_election (pb.h), the
 * builder a Minsheng poll is exported with (ms_election_build), and the
 * equality of two elections (the round-trip check of the tests and the
 * fuzzer).
 *
 * Writing emits the kept rows (META with the header key;value, PROJECTS,
 * VOTES), '\n' line ends, quoting a field that holds ';', '"', \r or \n;
 * the text is measured first, then written into an exact buffer. The
 * builder checks the spec, writes it as .pb text the same way and reads
 * that back with ms_pb_parse, so an export always reads as itself.
 *
 * Pure: memory from the caller's allocator; no globals. Thread-safe.
 */
#include "pb.h"

#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "pb_internal.h"

/* ---- writing ---------------------------------------------------------------- */

/* Output measured first (buf NULL), then written into an exact buffer. */
struct pb_sink {
	char *buf;
	size_t len;
	bool overflow;
};

static void put(struct pb_sink *o, const char *s, size_t n)
{
	if (n > SIZE_MAX - o->len) {
		o->overflow = true;
		return;
	}
	if (o->buf)
		memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void put_field(struct pb_sink *o, const char *s)
{
	size_t n = strlen(s);
	if (strcspn(s, ";\"\r\n") == n) {
		put(o, s, n);
		return;
	}
	put(o, "\"", 1);
	const char *q;
	while ((q = strchr(s, '"')) != NULL) {
		put(o, s, (size_t)(q - s) + 1);
		put(o, "\"", 1);
		s = q + 1;
	}
	put(o, s, strlen(s));
	put(o, "\"", 1);
}

/* Why rows could not be written so that they read back as themselves
 * (MS_E_PB_UNWRITABLE's {2}): WHY_NONE, or an index into why_text. */
enum { WHY_NONE = 0, WHY_ROWS, WHY_FIELD, WHY_NO_FIELDS, WHY_SECTION, WHY_BLANK };
static const char *const why_text[][2] = {
	{"", ""},
	{"缺少数据行", "rows are missing"},
	{"缺少字段", "a field is missing"},
	{"某行没有任何字段", "a row has no fields"},
	{"某行以部分名称开头", "a row starts with a section name"},
	{"某个只有一个字段的行为空白", "a one-field row is blank"},
};

/* The sections as the field of an error names them. */
static const char *const sec_key[] = {"", "meta", "projects", "votes"};

static int row_problem(char *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!f[i])
			return WHY_FIELD;
	if (n == 0)
		return WHY_NO_FIELDS;
	if (ms_pb_section_of(f[0]) != SEC_NONE)
		return WHY_SECTION;
	if (n == 1 && is_blank(f[0]))
		return WHY_BLANK;
	return WHY_NONE;
}

/* A header of n_cols fields and n_rows rows of as many after it. */
static int rows_problem(char *const *hdr, size_t n_cols, char *const *rows, size_t n_rows)
{
	if (!hdr || (n_rows && !rows))
		return WHY_ROWS;
	int why = row_problem(hdr, n_cols);
	for (size_t i = 0; !why && i < n_rows; i++)
		why = row_problem(rows + i * n_cols, n_cols);
	return why;
}

static void put_row(struct pb_sink *o, char *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(o, ";", 1);
		put_field(o, f[i]);
	}
	put(o, "\n", 1);
}

static int write_check(const struct ms_election *el, struct ms_error *e)
{
	int sec = SEC_META, why = WHY_NONE;
	if (el->vote_weight) /* its rows are one per group, not per voter */
		return ms_failf(e, MS_E_ELECTION_GROUPED, "votes", MS_AT("写出 .pb 文件", "Writing a .pb file"));
	if (el->n_meta && (!el->meta_key || !el->meta_value))
		why = WHY_ROWS;
	for (size_t i = 0; !why && i < el->n_meta; i++) {
		char *kv[2] = {el->meta_key[i], el->meta_value[i]};
		why = row_problem(kv, 2);
	}
	if (!why && (why = rows_problem(el->project_cols, el->n_project_cols, el->project_fields, el->n_projects)))
		sec = SEC_PROJECTS;
	if (!why && (why = rows_problem(el->vote_cols, el->n_vote_cols, el->vote_fields, el->n_voters)))
		sec = SEC_VOTES;
	if (why)
		return ms_failf(e, MS_E_PB_UNWRITABLE, sec_key[sec], MS_AT(pb_sec_name(sec), sec_key[sec]),
				MS_AT(why_text[why][0], why_text[why][1]));
	return 0;
}

static void write_rows(struct pb_sink *o, const struct ms_election *el)
{
	put(o, "META\nkey;value\n", 15);
	for (size_t i = 0; i < el->n_meta; i++) {
		char *kv[2] = {el->meta_key[i], el->meta_value[i]};
		put_row(o, kv, 2);
	}
	put(o, "PROJECTS\n", 9);
	put_row(o, el->project_cols, el->n_project_cols);
	for (size_t i = 0; i < el->n_projects; i++)
		put_row(o, el->project_fields + i * el->n_project_cols, el->n_project_cols);
	put(o, "VOTES\n", 6);
	put_row(o, el->vote_cols, el->n_vote_cols);
	for (size_t i = 0; i < el->n_voters; i++)
		put_row(o, el->vote_fields + i * el->n_vote_cols, el->n_vote_cols);
}

int ms_pb_write(const struct ms_allocator *a, const struct ms_election *el, char **out, size_t *out_len,
		struct ms_error *e)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!a || !el || !out || !out_len)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_pb_write", "ms_pb_write"),
				MS_AT("内存分配器、选举数据和输出位置", "an allocator, an election and out"));
	int rc = write_check(el, e);
	if (rc)
		return rc;
	struct pb_sink o = {NULL, 0, false};
	write_rows(&o, el);
	if (o.overflow || o.len == SIZE_MAX)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "the .pb text is too large");
	o.buf = a->alloc(a->ctx, o.len + 1);
	if (!o.buf)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory writing a .pb file");
	size_t len = o.len;
	o.len = 0;
	write_rows(&o, el);
	o.buf[len] = 0;
	*out = o.buf;
	*out_len = len;
	return 0;
}

/* ---- building from a poll ----------------------------------------------------- */

/* Decimal text of v into buf (>= 21 bytes); returns buf. */
static const char *i64_text(int64_t v, char *buf)
{
	char tmp[24];
	size_t n = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	size_t k = 0;
	if (v < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	buf[k] = 0;
	return buf;
}

static void put_text(struct pb_sink *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_meta(struct pb_sink *o, const char *k, const char *v)
{
	put_text(o, k);
	put(o, ";", 1);
	put_field(o, v ? v : "");
	put(o, "\n", 1);
}

static void build_rows(struct pb_sink *o, const struct ms_election_spec *sp)
{
	char num[24];
	put(o, "META\nkey;value\n", 15);
	put_meta(o, "description", sp->description);
	put_meta(o, "country", sp->country);
	put_meta(o, "unit", sp->unit);
	put_meta(o, "instance", sp->instance);
	put_meta(o, "num_projects", i64_text(sp->n_projects, num));
	put_meta(o, "num_votes", i64_text(sp->n_voters, num));
	put_meta(o, "budget", i64_text(sp->budget, num));
	put_meta(o, "vote_type", ms_names_key(&ms_vote_type_names, (int)sp->vote_type));
	if (sp->max_length)
		put_meta(o, "max_length", i64_text(sp->max_length, num));
	if (sp->min_length)
		put_meta(o, "min_length", i64_text(sp->min_length, num));
	for (size_t i = 0; i < sp->n_meta; i++) {
		put_field(o, sp->meta_key[i]);
		put(o, ";", 1);
		put_field(o, sp->meta_value[i] ? sp->meta_value[i] : "");
		put(o, "\n", 1);
	}
	put_text(o, sp->project_name ? "PROJECTS\nproject_id;cost;name\n" : "PROJECTS\nproject_id;cost\n");
	for (uint32_t p = 0; p < sp->n_projects; p++) {
		put_field(o, sp->project_id[p]);
		put(o, ";", 1);
		put_text(o, i64_text(sp->cost[p], num));
		if (sp->project_name) {
			put(o, ";", 1);
			put_field(o, sp->project_name[p] ? sp->project_name[p] : "");
		}
		put(o, "\n", 1);
	}
	bool points = sp->vote_type == MS_VOTE_CUMULATIVE || sp->vote_type == MS_VOTE_SCORING;
	put_text(o, points ? "VOTES\nvoter_id;vote;points\n" : "VOTES\nvoter_id;vote\n");
	for (uint32_t v = 0; v < sp->n_voters; v++) {
		put_text(o, i64_text((int64_t)v + 1, num));
		put(o, ";", 1);
		uint32_t b = sp->ballot_off[v], end = sp->ballot_off[v + 1];
		bool quote = false;
		for (uint32_t k = b; k < end && !quote; k++)
			quote = strcspn(sp->project_id[sp->ballot_proj[k]], ";\"\r\n") !=
				strlen(sp->project_id[sp->ballot_proj[k]]);
		/* The vote field is the ids joined by ','; quoted as a whole when
		 * an id needs it. */
		if (quote)
			put(o, "\"", 1);
		for (uint32_t k = b; k < end; k++) {
			if (k > b)
				put(o, ",", 1);
			const char *id = sp->project_id[sp->ballot_proj[k]];
			if (!quote) {
				put_text(o, id);
				continue;
			}
			const char *q;
			while ((q = strchr(id, '"')) != NULL) {
				put(o, id, (size_t)(q - id) + 1);
				put(o, "\"", 1);
				id = q + 1;
			}
			put_text(o, id);
		}
		if (quote)
			put(o, "\"", 1);
		if (points) {
			put(o, ";", 1);
			for (uint32_t k = b; k < end; k++) {
				if (k > b)
					put(o, ",", 1);
				put_text(o, i64_text(sp->ballot_points[k], num));
			}
		}
		put(o, "\n", 1);
	}
}

/* MS_E_PB_INVALID_SPEC naming the bad part of a spec (field), what is wrong
 * with it in Chinese and in English. */
static int spec_fail(struct ms_error *e, const char *field, const char *zh, const char *en)
{
	return ms_failf(e, MS_E_PB_INVALID_SPEC, field, MS_AT(zh, en));
}

static bool text_ok(const char *s)
{
	if (s == NULL)
		return true;
	size_t n = strlen(s);
	return n <= MS_PB_MAX_FIELD && ms_utf8_valid(s, n);
}

static int id_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int check_spec(const struct ms_allocator *a, const struct ms_election_spec *sp, struct ms_error *e)
{
	if ((unsigned)sp->vote_type > MS_VOTE_ORDINAL)
		return spec_fail(e, "vote_type", "投票类型无法识别", "unknown vote type");
	if (!text_ok(sp->description) || !text_ok(sp->country) || !text_ok(sp->unit) || !text_ok(sp->instance))
		return spec_fail(e, "meta", "META 中的某项值不是 UTF-8 文本或过长", "a META value is not UTF-8 or is too long");
	if (sp->budget < 0)
		return spec_fail(e, "budget", "预算为负数", "the budget is negative");
	static const char *const reserved[] = {"description", "country", "unit", "instance", "num_projects",
					       "num_votes", "budget", "vote_type", "max_length", "min_length"};
	if (sp->n_meta && (!sp->meta_key || !sp->meta_value))
		return spec_fail(e, "meta", "META 行缺少键或值", "META rows without keys or values");
	for (size_t i = 0; i < sp->n_meta; i++) {
		const char *k = sp->meta_key[i];
		if (!k || !text_ok(k) || !text_ok(sp->meta_value[i]))
			return spec_fail(e, "meta", "META 中缺少某个键，或某个键、值不是 UTF-8 文本或过长",
					 "a META key is missing, or a key or value is not UTF-8 or too long");
		size_t n = strlen(k);
		trim(&k, &n);
		for (size_t r = 0; r < sizeof reserved / sizeof reserved[0]; r++)
			if (eq_lit(k, n, reserved[r]))
				return spec_fail(e, "meta", "附加的 META 键与标准键重复",
						 "a further META key repeats a standard one");
		if (ms_pb_section_of(sp->meta_key[i]) != SEC_NONE)
			return spec_fail(e, "meta", "META 键与部分名称相同", "a META key is a section name");
	}
	if (sp->n_projects > MS_PB_MAX_PROJECTS)
		return spec_fail(e, "projects", "项目数过多", "too many projects");
	if (sp->n_projects && (!sp->project_id || !sp->cost))
		return spec_fail(e, "projects", "项目缺少编号或投资额", "projects without ids or costs");
	for (uint32_t p = 0; p < sp->n_projects; p++) {
		const char *id = sp->project_id[p];
		if (!id || !*id || !text_ok(id))
			return spec_fail(e, "project_id", "某个项目编号为空、不是 UTF-8 文本或过长",
					 "a project id is empty, not UTF-8 or too long");
		size_t n = strlen(id);
		if (is_ws(id[0]) || is_ws(id[n - 1]) || strchr(id, ',') || is_none(id, n) ||
		    ms_pb_section_of(id) != SEC_NONE)
			return spec_fail(e, "project_id", "某个项目编号首尾带有空白字符或含有逗号，或者是 None 或部分名称",
					 "a project id has surrounding white space or a ',', or is None or a section name");
		if (sp->cost[p] < 0)
			return spec_fail(e, "cost", "某个项目的投资额为负数", "a project cost is negative");
		if (sp->project_name && !text_ok(sp->project_name[p]))
			return spec_fail(e, "name", "某个项目名称不是 UTF-8 文本或过长",
					 "a project name is not UTF-8 or is too long");
	}
	if (sp->n_projects > 1) {
		const char **ids = a->alloc(a->ctx, sp->n_projects * sizeof *ids);
		if (!ids)
			return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory checking project ids");
		memcpy(ids, sp->project_id, sp->n_projects * sizeof *ids);
		qsort(ids, sp->n_projects, sizeof *ids, id_cmp);
		bool dup = false;
		for (uint32_t p = 1; p < sp->n_projects && !dup; p++)
			dup = strcmp(ids[p - 1], ids[p]) == 0;
		a->free(a->ctx, ids);
		if (dup)
			return spec_fail(e, "project_id", "两个项目的编号相同", "two projects have the same id");
	}
	if (sp->n_voters > MS_PB_MAX_VOTERS)
		return spec_fail(e, "votes", "投票人数过多", "too many voters");
	bool points = sp->vote_type == MS_VOTE_CUMULATIVE || sp->vote_type == MS_VOTE_SCORING;
	if (points != (sp->ballot_points != NULL))
		return points ? spec_fail(e, "points", "累积式和评分式选票须带有分数", "cumulative and scoring ballots need points")
			      : spec_fail(e, "points", "只有累积式和评分式选票才带有分数",
					  "only cumulative and scoring ballots have points");
	if (!sp->ballot_off)
		return sp->n_voters ? spec_fail(e, "votes", "选票缺少起止位置", "ballots without offsets") : 0;
	if (sp->ballot_off[0] != 0)
		return spec_fail(e, "votes", "选票起止位置不是从 0 开始", "ballot offsets do not start at 0");
	for (uint32_t v = 0; v < sp->n_voters; v++)
		if (sp->ballot_off[v + 1] < sp->ballot_off[v])
			return spec_fail(e, "votes", "选票起止位置出现递减", "ballot offsets decrease");
	uint32_t total = sp->ballot_off[sp->n_voters];
	if (total && !sp->ballot_proj)
		return spec_fail(e, "votes", "选票缺少项目", "ballots without projects");
	for (uint32_t k = 0; k < total; k++) {
		if (sp->ballot_proj[k] >= sp->n_projects)
			return spec_fail(e, "votes", "某张选票中的项目序号超出范围", "a ballot names a project index out of range");
		if (points && sp->ballot_points[k] < 0)
			return spec_fail(e, "points", "某张选票中含有负分", "a ballot gives negative points");
	}
	if (total && sp->n_projects) {
		uint32_t *stamp = a->alloc(a->ctx, sp->n_projects * sizeof *stamp);
		if (!stamp)
			return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory checking ballots");
		memset(stamp, 0, sp->n_projects * sizeof *stamp);
		bool rep = false;
		for (uint32_t v = 0; v < sp->n_voters && !rep; v++)
			for (uint32_t k = sp->ballot_off[v]; k < sp->ballot_off[v + 1] && !rep; k++) {
				rep = stamp[sp->ballot_proj[k]] == v + 1;
				stamp[sp->ballot_proj[k]] = v + 1;
			}
		a->free(a->ctx, stamp);
		if (rep)
			return spec_fail(e, "votes", "某张选票重复列出同一项目", "a ballot names a project twice");
	}
	return 0;
}

int ms_election_build(const struct ms_allocator *a, const struct ms_election_spec *spec, struct ms_election **out,
		      struct ms_error *e)
{
	if (out)
		*out = NULL;
	if (!a || !spec || !out)
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_election_build", "ms_election_build"),
				MS_AT("内存分配器、导出说明和输出位置", "an allocator, a spec and out"));
	int rc = check_spec(a, spec, e);
	if (rc)
		return rc;
	struct pb_sink o = {NULL, 0, false};
	build_rows(&o, spec);
	if (o.overflow || o.len > MS_PB_MAX_INPUT)
		return spec_fail(e, "votes", "投票数据过大，超出 .pb 文件的上限", "the poll is too large for a .pb file");
	o.buf = a->alloc(a->ctx, o.len + 1);
	if (!o.buf)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory building an election");
	size_t len = o.len;
	o.len = 0;
	build_rows(&o, spec);
	o.buf[len] = 0;
	rc = ms_pb_parse(a, o.buf, len, out, e);
	a->free(a->ctx, o.buf);
	return rc;
}

/* ---- equality ------------------------------------------------------------------ */

static bool str_eq(const char *x, const char *y)
{
	return (x == NULL && y == NULL) || (x && y && strcmp(x, y) == 0);
}

static bool strs_eq(char *const *x, char *const *y, size_t n)
{
	if (n == 0)
		return true;
	if (!x || !y)
		return x == y;
	for (size_t i = 0; i < n; i++)
		if (!str_eq(x[i], y[i]))
			return false;
	return true;
}

static bool mem_eq(const void *x, const void *y, size_t n)
{
	if (n == 0)
		return true;
	if (!x || !y)
		return x == y;
	return memcmp(x, y, n) == 0;
}

bool ms_election_equal(const struct ms_election *x, const struct ms_election *y)
{
	if (!x || !y)
		return x == y;
	if (x->vote_type != y->vote_type || x->n_projects != y->n_projects || x->budget != y->budget ||
	    x->money_scale != y->money_scale || x->n_voters != y->n_voters || x->max_length != y->max_length ||
	    x->min_length != y->min_length || x->n_meta != y->n_meta || x->n_project_cols != y->n_project_cols ||
	    x->n_vote_cols != y->n_vote_cols)
		return false;
	size_t np = x->n_projects, nv = x->n_voters;
	if (!strs_eq(x->project_id, y->project_id, np) ||
	    !mem_eq(x->id_rank, y->id_rank, np * sizeof *x->id_rank) ||
	    !mem_eq(x->cost, y->cost, np * sizeof *x->cost))
		return false;
	if ((x->vote_off == NULL) != (y->vote_off == NULL) ||
	    (x->vote_off && !mem_eq(x->vote_off, y->vote_off, (nv + 1) * sizeof *x->vote_off)))
		return false;
	size_t items = x->vote_off ? x->vote_off[nv] : 0;
	if (!mem_eq(x->vote_proj, y->vote_proj, items * sizeof *x->vote_proj))
		return false;
	if ((x->vote_points == NULL) != (y->vote_points == NULL) ||
	    !mem_eq(x->vote_points, y->vote_points, items * sizeof *x->vote_points))
		return false;
	if ((x->vote_weight == NULL) != (y->vote_weight == NULL) ||
	    !mem_eq(x->vote_weight, y->vote_weight, nv * sizeof *x->vote_weight))
		return false;
	if ((x->voter_id == NULL) != (y->voter_id == NULL) || !strs_eq(x->voter_id, y->voter_id, nv))
		return false;
	return strs_eq(x->meta_key, y->meta_key, x->n_meta) && strs_eq(x->meta_value, y->meta_value, x->n_meta) &&
	       strs_eq(x->project_cols, y->project_cols, x->n_project_cols) &&
	       strs_eq(x->project_fields, y->project_fields, np * x->n_project_cols) &&
	       strs_eq(x->vote_cols, y->vote_cols, x->n_vote_cols) &&
	       strs_eq(x->vote_fields, y->vote_fields, nv * x->n_vote_cols);
}
