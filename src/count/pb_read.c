/*
 * pb_read.c — Pabulib .pb files read into struct ms_election (pb.h): the
 * sections, META, PROJECTS and the money, and the parse itself; the arena
 * every election lives in.
 *
 * Reading takes a private copy of the input and cuts it into rows
 * (pb_scan.c), then walks the rows once by section; the project ids and the
 * VOTES rows are pb_votes.c's (a large lean VOTES section is read by two
 * threads, pb_split.c); writing and building are pb_write.c's. All of
 * an election's memory is an arena of a dozen large blocks hanging off
 * el->priv, freed by ms_election_free.
 *
 * Semantics: ../shared/pabulib/README.md ("Parsing"), which follows
 * pabutools 1.2.3. Where the README is silent, the treatments are these
 * (docs/pabulib.md says the same to users):
 *
 * Text
 *   - Errors name the physical line (1-based) where the offending row
 *     starts; encoding errors, found before rows are cut, the line of the
 *     offending byte.
 *   - A UTF-8 BOM at the start is skipped. Invalid UTF-8 (overlong forms,
 *     surrogates, > U+10FFFF, truncated sequences) and NUL bytes: error.
 *   - Rows end with \n or \r\n; a lone \r is data (the writer quotes it).
 *   - A field that starts with '"' is quoted: it may hold ';', line ends and
 *     "" (one quote); after its closing quote only ';' or the end of the row
 *     may follow (else error); an unterminated quote is an error at the line
 *     where its row starts. A '"' inside an unquoted field is a character.
 *   - A blank row (one field, empty or white space, quoted or not — as
 *     pabutools) is skipped anywhere, including before a section's header.
 *   - "Trimmed" means ASCII white space (space, \t \n \v \f \r) cut at both
 *     ends. Fields are kept as read; what is interpreted is trimmed: section
 *     names, META keys and values, header names, project and voter ids,
 *     cost, the vote list as a whole, points items. The items of a vote are
 *     not trimmed: ids match exactly.
 *   - Limits: input over MS_PB_MAX_INPUT, a field over MS_PB_MAX_FIELD bytes,
 *     more than MS_PB_MAX_PROJECTS projects or MS_PB_MAX_VOTERS voters: error.
 * Structure
 *   - A row before the first section: error. Each section exactly once, META
 *     and PROJECTS in either order, both before VOTES; a section with no
 *     header (another section or the end follows): error; a missing section:
 *     error.
 *   - META rows have exactly two fields; PROJECTS and VOTES rows exactly as
 *     many as their header. Header names are matched trimmed and
 *     case-sensitively; PROJECTS needs "cost", VOTES "vote", and "points"
 *     when vote_type is cumulative or scoring; any of these twice: error.
 * META
 *   - vote_type must be present and one of approval, choose-1, cumulative,
 *     scoring, ordinal (a missing one is an error, as in pabutools).
 *   - budget must be present (a value None or empty counts as missing);
 *     zero is allowed (then only projects of cost 0 fit).
 *   - vote_type, budget, max_length, min_length given twice: error; other
 *     keys may repeat and every row is kept, in order.
 *   - max_length / min_length: a whole number (None or empty = absent),
 *     stored, never enforced: longer or shorter ballots are kept (pabutools
 *     does not enforce them either). num_votes / num_projects are kept and
 *     never checked.
 * Money
 *   - cost and budget are exact decimals [+-]digits[(.|,)digits] with at
 *     least one digit: no exponent, no thousands separators. Trailing zeros
 *     after the point do not count: money_scale = 10^k, k the most
 *     significant decimals of any cost or the budget; k > 9: error. A value
 *     that does not fit int64 once scaled: error. A negative cost or budget:
 *     error ("-0" is 0).
 * PROJECTS
 *   - The id is the first column, trimmed; an empty id or an id seen before:
 *     error. A cost that is None or empty: error.
 * VOTES
 *   - Every row is a voter, an empty vote included (a vote "None" is empty).
 *   - The voter id is the first column, trimmed. Two rows with the same voter
 *     id are two voters (pabutools keeps every row); nothing is checked.
 *   - A vote item that is not a project id: error. Empty items are skipped.
 *   - A project named twice in one vote counts once, at its first position;
 *     for cumulative and scoring its points are those of its last mention.
 *     This is pabutools' dict semantics (ballot[p] = points); it matters in
 *     poland_czestochowa_2020_, where one voter lists 579 four times.
 *   - choose-1 is read as approval (its length is not checked). For
 *     cumulative and scoring, points are whole numbers >= 0 (decimals, signs
 *     or overflow: error) aligned with the non-empty vote items; "None" or
 *     empty is no points; a count that differs from the vote's: error. For
 *     the other types a points column is kept as a field and not read.
 *
 * Thread-safety: none needed; no globals, everything is per call.
 */
#include "pb.h"

#include <stdlib.h>
#include <string.h>

#include "pb_internal.h"

/* ---- arena ---------------------------------------------------------------- */

#define PB_CHUNK 4096

void *ms_pb_arena_block(const struct ms_allocator *a, struct pb_arena *ar, size_t size)
{
	if (size > SIZE_MAX - sizeof(union pb_block))
		return NULL;
	union pb_block *b = a->alloc(a->ctx, sizeof *b + (size ? size : 1));
	if (!b)
		return NULL;
	b->next = ar->blocks;
	ar->blocks = b;
	return b + 1;
}

void *ms_pb_arena_array(const struct ms_allocator *a, struct pb_arena *ar, size_t n, size_t elem)
{
	if (elem && n > SIZE_MAX / elem)
		return NULL;
	return ms_pb_arena_block(a, ar, n * elem);
}

/* Small pieces from 4 KiB chunks; 16-byte aligned. */
static void *arena_small(const struct ms_allocator *a, struct pb_arena *ar, size_t size)
{
	if (size > SIZE_MAX - 16)
		return NULL;
	size = (size + 15) & ~(size_t)15;
	if (size >= PB_CHUNK / 4)
		return ms_pb_arena_block(a, ar, size);
	if (size > ar->bump_left) {
		char *c = ms_pb_arena_block(a, ar, PB_CHUNK);
		if (!c)
			return NULL;
		ar->bump = c;
		ar->bump_left = PB_CHUNK;
	}
	void *p = ar->bump;
	ar->bump += size;
	ar->bump_left -= size;
	return p;
}

char *ms_pb_arena_str(const struct ms_allocator *a, struct pb_arena *ar, const char *s, size_t n)
{
	char *copy = n < SIZE_MAX ? arena_small(a, ar, n + 1) : NULL;
	if (copy) {
		memcpy(copy, s, n);
		copy[n] = 0;
	}
	return copy;
}

static void arena_free(const struct ms_allocator *a, struct pb_arena *ar)
{
	union pb_block *b = ar->blocks;
	while (b) {
		union pb_block *next = b->next;
		a->free(a->ctx, b);
		b = next;
	}
	ar->blocks = NULL;
	ar->bump = NULL;
	ar->bump_left = 0;
}

static struct pb_holder *holder_new(const struct ms_allocator *a)
{
	struct pb_holder *h = a->alloc(a->ctx, sizeof *h);
	if (!h)
		return NULL;
	memset(h, 0, sizeof *h);
	h->el.priv = &h->ar;
	return h;
}

void ms_election_free(const struct ms_allocator *a, struct ms_election *el)
{
	if (!el)
		return;
	struct pb_holder *h = (struct pb_holder *)el;
	arena_free(a, &h->ar);
	a->free(a->ctx, h);
}

/* ---- text ----------------------------------------------------------------- */

/* The section a row's first field names (trimmed, any case), or SEC_NONE. */
int ms_pb_section_of(const char *f)
{
	while (is_ws(*f))
		f++;
	const char *name;
	int sec;
	switch (*f | 0x20) {
	case 'm': name = "meta"; sec = SEC_META; break;
	case 'p': name = "projects"; sec = SEC_PROJECTS; break;
	case 'v': name = "votes"; sec = SEC_VOTES; break;
	default: return SEC_NONE;
	}
	for (; *name; name++, f++)
		if ((*f | 0x20) != *name)
			return SEC_NONE;
	while (is_ws(*f))
		f++;
	return *f == 0 ? sec : SEC_NONE;
}

/* ---- numbers -------------------------------------------------------------- */

static const int64_t pow10_tab[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* An exact decimal [+-]digits[(.|,)digits]: *mant / 10^*dec, trailing zeros
 * after the point dropped. */
static int parse_decimal(const char *s, size_t n, int64_t *mant, unsigned *dec, bool *neg)
{
	size_t i = 0;
	*neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-')) {
		*neg = s[i] == '-';
		i++;
	}
	size_t is = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t ie = i, fs = i, fe = i;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		fs = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		fe = i;
	}
	if (i != n || (ie == is && fe == fs))
		return NUM_SYNTAX;
	while (fe > fs && s[fe - 1] == '0')
		fe--;
	if (fe - fs > MS_PB_MAX_DECIMALS)
		return NUM_DECIMALS;
	int64_t m = 0;
	for (size_t k = is; k < fe; k++) {
		if (k == ie) {
			k = fs;
			if (k >= fe)
				break;
		}
		int d = s[k] - '0';
		if (m > (INT64_MAX - d) / 10)
			return NUM_RANGE;
		m = m * 10 + d;
	}
	*mant = m;
	*dec = (unsigned)(fe - fs);
	return NUM_OK;
}

/* Whole number >= 0 of at most max. */
int ms_pb_parse_uint(const char *s, size_t n, int64_t max, int64_t *out)
{
	if (n == 0)
		return NUM_SYNTAX;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NUM_SYNTAX;
		int d = s[i] - '0';
		if (v > (max - d) / 10)
			return NUM_RANGE;
		v = v * 10 + d;
	}
	*out = v;
	return NUM_OK;
}

/* ---- sections ------------------------------------------------------------- */

/* Column index of the header name in the current header, or SIZE_MAX;
 * SIZE_MAX - 1 when it is there twice. */
static size_t find_col(struct pb_parser *s, size_t hdr, const char *name)
{
	size_t at = SIZE_MAX;
	for (size_t i = 0; i < s->ncols; i++) {
		const char *h = s->f[hdr + i];
		size_t n = strlen(h);
		trim(&h, &n);
		if (eq_lit(h, n, name)) {
			if (at != SIZE_MAX)
				return SIZE_MAX - 1;
			at = i;
		}
	}
	return at;
}

static int meta_row(struct pb_parser *s, size_t row0, size_t nf)
{
	if (nf != 2)
		return ms_failf(s->e, MS_E_PB_META_ROW, "meta", MS_AI(s->row_line), MS_AI(nf));
	const char *k = s->f[row0], *v = s->f[row0 + 1];
	size_t kn = field_len(s, row0, 0), vn = field_len(s, row0, 1);
	trim(&k, &kn);
	trim(&v, &vn);
	struct ms_election *el = s->el;
	if (eq_lit(k, kn, "vote_type")) {
		if (s->has_type)
			return ms_failf(s->e, MS_E_PB_META_TWICE, "vote_type", MS_AI(s->row_line), MS_AS("vote_type"));
		const struct ms_names *t = &ms_vote_type_names;
		size_t i = 0;
		while (i < t->n && !eq_lit(v, vn, t->v[i].key))
			i++;
		if (i == t->n) {
			char zh[96], en[96];
			ms_names_join(t, "、", zh, sizeof zh);
			ms_names_join(t, ", ", en, sizeof en);
			return ms_failf(s->e, MS_E_PB_UNKNOWN_VOTE_TYPE, "vote_type", MS_AI(s->row_line), MS_ASN(v, vn),
					MS_AT(zh, en));
		}
		el->vote_type = (enum ms_vote_type)i;
		s->has_type = true;
	} else if (eq_lit(k, kn, "budget")) {
		if (s->budget_dup_seen)
			return ms_failf(s->e, MS_E_PB_META_TWICE, "budget", MS_AI(s->row_line), MS_AS("budget"));
		s->budget_dup_seen = true;
		if (vn == 0 || is_none(v, vn))
			return 0;
		bool neg;
		int rc = parse_decimal(v, vn, &s->budget_mant, &s->budget_dec, &neg);
		if (rc == NUM_SYNTAX)
			return ms_failf(s->e, MS_E_PB_BUDGET_SYNTAX, "budget", MS_AI(s->row_line), MS_ASN(v, vn));
		if (rc == NUM_DECIMALS)
			return ms_failf(s->e, MS_E_PB_BUDGET_DECIMALS, "budget", MS_AI(s->row_line),
					MS_AI(MS_PB_MAX_DECIMALS));
		if (rc == NUM_RANGE)
			return ms_failf(s->e, MS_E_PB_BUDGET_TOO_LARGE, "budget", MS_AI(s->row_line));
		if (neg && s->budget_mant != 0)
			return ms_failf(s->e, MS_E_PB_NEGATIVE_BUDGET, "budget", MS_AI(s->row_line));
		s->has_budget = true;
		s->budget_line = s->row_line;
	} else if (eq_lit(k, kn, "max_length") || eq_lit(k, kn, "min_length")) {
		bool is_max = k[1] == 'a';
		bool *has = is_max ? &s->has_max : &s->has_min;
		const char *key = is_max ? "max_length" : "min_length";
		if (*has)
			return ms_failf(s->e, MS_E_PB_META_TWICE, key, MS_AI(s->row_line), MS_AS(key));
		*has = true;
		if (vn == 0 || is_none(v, vn))
			return 0;
		int64_t x;
		if (ms_pb_parse_uint(v, vn, UINT32_MAX, &x) != NUM_OK)
			return ms_failf(s->e, MS_E_PB_NOT_WHOLE_NUMBER, key, MS_AI(s->row_line), MS_AS(key),
					MS_ASN(v, vn));
		if (is_max)
			el->max_length = (uint32_t)x;
		else
			el->min_length = (uint32_t)x;
	}
	return 0;
}

static int project_row(struct pb_parser *s, size_t row0, size_t nf)
{
	if (nf != s->ncols)
		return ms_failf(s->e, MS_E_PB_ROW_WIDTH, "projects", MS_AI(s->row_line), pb_sec_arg(SEC_PROJECTS), MS_AI(nf),
				MS_AI(s->ncols));
	if (s->np >= MS_PB_MAX_PROJECTS)
		return ms_failf(s->e, MS_E_PB_TOO_MANY_PROJECTS, "projects", MS_AI(s->row_line),
				MS_AI(MS_PB_MAX_PROJECTS));
	if (s->np == s->pv_cap) {
		size_t cap = s->pv_cap ? 2 * s->pv_cap : 64;
		struct pb_proj *pv = s->a->alloc(s->a->ctx, cap * sizeof *pv);
		if (!pv)
			return pb_nomem(s);
		if (s->np)
			memcpy(pv, s->pv, s->np * sizeof *pv);
		s->a->free(s->a->ctx, s->pv);
		s->pv = pv;
		s->pv_cap = cap;
	}
	struct pb_proj *pr = &s->pv[s->np];
	const char *raw = s->f[row0];
	size_t rn = field_len(s, row0, 0);
	const char *id = raw;
	size_t n = rn;
	trim(&id, &n);
	if (n == 0)
		return ms_failf(s->e, MS_E_PB_EMPTY_PROJECT_ID, "project_id", MS_AI(s->row_line));
	if (n != rn && !(id = ms_pb_arena_str(s->a, s->ar, id, n)))
		return pb_nomem(s);
	pr->id = id;
	pr->idlen = (uint32_t)n;
	pr->line = (uint32_t)(s->row_line > UINT32_MAX ? UINT32_MAX : s->row_line);

	const char *c = s->f[row0 + s->cost_col];
	size_t cn = field_len(s, row0, s->cost_col);
	trim(&c, &cn);
	struct ms_arg line = MS_AI(s->row_line), pid = MS_ASN(id, n);
	if (cn == 0 || is_none(c, cn))
		return ms_failf(s->e, MS_E_PB_MISSING_COST, "cost", line, pid);
	bool neg;
	int rc = parse_decimal(c, cn, &pr->mant, &pr->dec, &neg);
	if (rc == NUM_SYNTAX)
		return ms_failf(s->e, MS_E_PB_COST_SYNTAX, "cost", line, MS_ASN(c, cn), pid);
	if (rc == NUM_DECIMALS)
		return ms_failf(s->e, MS_E_PB_COST_DECIMALS, "cost", line, pid, MS_AI(MS_PB_MAX_DECIMALS));
	if (rc == NUM_RANGE)
		return ms_failf(s->e, MS_E_PB_COST_TOO_LARGE, "cost", line, pid);
	if (neg && pr->mant != 0)
		return ms_failf(s->e, MS_E_PB_NEGATIVE_COST, "cost", line, pid);
	s->np++;
	return 0;
}

static int finish_meta(struct pb_parser *s, size_t end)
{
	struct ms_election *el = s->el;
	size_t n = (end - s->meta0) / 2;
	el->n_meta = n;
	el->meta_key = ms_pb_arena_array(s->a, s->ar, n, sizeof *el->meta_key);
	el->meta_value = ms_pb_arena_array(s->a, s->ar, n, sizeof *el->meta_value);
	if (!el->meta_key || !el->meta_value)
		return pb_nomem(s);
	for (size_t i = 0; i < n; i++) {
		el->meta_key[i] = s->f[s->meta0 + 2 * i];
		el->meta_value[i] = s->f[s->meta0 + 2 * i + 1];
	}
	return 0;
}

/* Scale a mantissa of dec decimals to k decimals; false on overflow. */
static bool scale_to(int64_t m, unsigned dec, unsigned k, int64_t *out)
{
	int64_t p = pow10_tab[k - dec];
	if (m > INT64_MAX / p)
		return false;
	*out = m * p;
	return true;
}

/* VOTES starts (its header is read): money to one scale, vote arrays. */
static int start_votes(struct pb_parser *s, size_t hdr)
{
	struct ms_election *el = s->el;
	size_t line = s->row_line;
	if (!s->has_type)
		return ms_failf(s->e, MS_E_PB_MISSING_META, "vote_type", MS_AI(s->sec_line[SEC_META]), MS_AS("vote_type"));
	if (!s->has_budget)
		return ms_failf(s->e, MS_E_PB_MISSING_META, "budget", MS_AI(s->sec_line[SEC_META]), MS_AS("budget"));
	unsigned k = s->budget_dec;
	for (uint32_t i = 0; i < s->np; i++)
		if (s->pv[i].dec > k)
			k = s->pv[i].dec;
	el->money_scale = pow10_tab[k];
	if (!scale_to(s->budget_mant, s->budget_dec, k, &el->budget))
		return ms_failf(s->e, MS_E_PB_BUDGET_TOO_LARGE_SCALED, "budget", MS_AI(s->budget_line), MS_AI(k));
	for (uint32_t i = 0; i < s->np; i++)
		if (!scale_to(s->pv[i].mant, s->pv[i].dec, k, &el->cost[i]))
			return ms_failf(s->e, MS_E_PB_COST_TOO_LARGE_SCALED, "cost", MS_AI(s->pv[i].line),
					MS_ASN(s->pv[i].id, s->pv[i].idlen), MS_AI(k));

	s->vote_col = find_col(s, hdr, "vote");
	if (s->vote_col == SIZE_MAX)
		return ms_failf(s->e, MS_E_PB_MISSING_COLUMN, "vote", MS_AI(line), pb_sec_arg(SEC_VOTES), MS_AS("vote"));
	if (s->vote_col == SIZE_MAX - 1)
		return ms_failf(s->e, MS_E_PB_COLUMN_TWICE, "vote", MS_AI(line), pb_sec_arg(SEC_VOTES), MS_AS("vote"));
	s->points = el->vote_type == MS_VOTE_CUMULATIVE || el->vote_type == MS_VOTE_SCORING;
	s->points_col = SIZE_MAX;
	if (s->points) {
		s->points_col = find_col(s, hdr, "points");
		if (s->points_col == SIZE_MAX)
			return ms_failf(s->e, MS_E_PB_MISSING_POINTS_COLUMN, "points", MS_AI(line),
					MS_AS(ms_names_key(&ms_vote_type_names, (int)el->vote_type)));
		if (s->points_col == SIZE_MAX - 1)
			return ms_failf(s->e, MS_E_PB_COLUMN_TWICE, "points", MS_AI(line), pb_sec_arg(SEC_VOTES),
					MS_AS("points"));
	}

	/* Upper bounds: a row per remaining line end (+1), an item per comma
	 * (+1 per row). */
	size_t rows = s->n_nl - (s->line - 1) + 1;
	if (rows > MS_PB_MAX_VOTERS)
		rows = MS_PB_MAX_VOTERS;
	size_t items = s->n_comma + rows;
	if (items > UINT32_MAX)
		return ms_failf(s->e, MS_E_PB_TOO_MANY_ITEMS, "votes", MS_AI(line));
	s->voter_cap = (uint32_t)rows;
	s->item_cap = (uint32_t)items;
	el->vote_off = ms_pb_arena_array(s->a, s->ar, rows + 1, sizeof *el->vote_off);
	el->voter_id = ms_pb_arena_array(s->a, s->ar, rows, sizeof *el->voter_id);
	el->vote_proj = ms_pb_arena_array(s->a, s->ar, items, sizeof *el->vote_proj);
	if (s->points)
		el->vote_points = ms_pb_arena_array(s->a, s->ar, items, sizeof *el->vote_points);
	s->stamp = ms_pb_arena_array(s->a, s->ar, s->np, sizeof *s->stamp);
	s->pos = ms_pb_arena_array(s->a, s->ar, s->np, sizeof *s->pos);
	if (!el->vote_off || !el->voter_id || !el->vote_proj || (s->points && !el->vote_points) || !s->stamp ||
	    !s->pos)
		return pb_nomem(s);
	memset(s->stamp, 0, s->np * sizeof *s->stamp);
	el->vote_off[0] = 0;
	el->n_vote_cols = s->ncols;
	el->vote_cols = s->f + hdr;
	return 0;
}

/* The current section ends at slot end (the next section's row or EOF). */
static int finish_section(struct pb_parser *s, size_t end)
{
	if (s->need_header)
		return ms_failf(s->e, MS_E_PB_NO_HEADER, pb_sec_name(s->cur), MS_AI(s->sec_line[s->cur]), pb_sec_arg(s->cur));
	if (s->cur == SEC_META)
		return finish_meta(s, end);
	if (s->cur == SEC_PROJECTS)
		return ms_pb_finish_projects(s, end);
	return 0;
}

static int header_row(struct pb_parser *s, size_t row0, size_t nf)
{
	s->ncols = nf;
	s->need_header = false;
	if (s->cur == SEC_META) {
		s->meta0 = row0 + nf;
	} else if (s->cur == SEC_PROJECTS) {
		s->proj_hdr = row0;
		s->proj0 = row0 + nf;
		s->cost_col = find_col(s, row0, "cost");
		if (s->cost_col == SIZE_MAX)
			return ms_failf(s->e, MS_E_PB_MISSING_COLUMN, "cost", MS_AI(s->row_line), pb_sec_arg(SEC_PROJECTS),
					MS_AS("cost"));
		if (s->cost_col == SIZE_MAX - 1)
			return ms_failf(s->e, MS_E_PB_COLUMN_TWICE, "cost", MS_AI(s->row_line), pb_sec_arg(SEC_PROJECTS),
					MS_AS("cost"));
	} else {
		s->vote0 = row0 + nf;
		return start_votes(s, row0);
	}
	return 0;
}

static int parse_rows(struct pb_parser *s)
{
	while (s->p < s->end) {
		int rc;
		if (s->cur == SEC_VOTES && !s->need_header) {
			if ((rc = ms_pb_vote_rows(s, s->end, NULL, NULL)) != 0)
				return rc;
			continue;
		}
		size_t row0 = s->fn, nf = 0;
		if ((rc = ms_pb_read_row(s, &nf)) != 0)
			return rc;
		if (nf == 1 && is_blank(s->f[row0]))
			continue;
		int sec = ms_pb_row_section(s->f[row0]);
		if (sec != SEC_NONE) {
			if (s->cur != SEC_NONE && (rc = finish_section(s, row0)) != 0)
				return rc;
			if (s->seen[sec])
				return ms_failf(s->e, MS_E_PB_SECTION_TWICE, pb_sec_name(sec), MS_AI(s->row_line), pb_sec_arg(sec),
						MS_AI(s->sec_line[sec]));
			if (sec == SEC_VOTES && (!s->seen[SEC_META] || !s->seen[SEC_PROJECTS]))
				return ms_failf(s->e, MS_E_PB_SECTION_ORDER, "votes", MS_AI(s->row_line),
						pb_sec_arg(s->seen[SEC_META] ? SEC_PROJECTS : SEC_META));
			s->seen[sec] = true;
			s->sec_line[sec] = s->row_line;
			s->cur = sec;
			s->need_header = true;
			continue;
		}
		s->fn = row0 + nf;
		if (s->cur == SEC_NONE)
			return ms_failf(s->e, MS_E_PB_ROW_OUTSIDE_SECTION, NULL, MS_AI(s->row_line));
		if (s->need_header) {
			rc = header_row(s, row0, nf);
			if (!rc && s->cur == SEC_VOTES)
				rc = ms_pb_votes_split(s);
		} else if (s->cur == SEC_META) {
			rc = meta_row(s, row0, nf);
		} else {
			rc = project_row(s, row0, nf);
		}
		if (rc)
			return rc;
	}
	size_t last = s->line;
	if (s->cur != SEC_NONE) {
		int rc = finish_section(s, s->fn);
		if (rc)
			return rc;
	}
	for (int sec = SEC_META; sec <= SEC_VOTES; sec++)
		if (!s->seen[sec])
			return ms_failf(s->e, MS_E_PB_MISSING_SECTION, pb_sec_name(sec), MS_AI(last), pb_sec_arg(sec));
	struct ms_election *el = s->el;
	el->n_voters = s->nv;
	el->vote_fields = s->lean ? NULL : s->f + s->vote0;
	return 0;
}

int ms_pb_parse(const struct ms_allocator *a, const char *buf, size_t len, struct ms_election **out,
		struct ms_error *e)
{
	return ms_pb_parse_ex(a, buf, len, 0, out, e);
}

int ms_pb_parse_ex(const struct ms_allocator *a, const char *buf, size_t len, unsigned flags,
		   struct ms_election **out, struct ms_error *e)
{
	if (out)
		*out = NULL;
	if (!a || !out || (!buf && len))
		return ms_failf(e, MS_E_COUNT_BAD_CALL, NULL, MS_AT("ms_pb_parse", "ms_pb_parse"),
				MS_AT("内存分配器、输入和输出位置", "an allocator, input and out"));
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len > MS_PB_MAX_INPUT)
		return ms_failf(e, MS_E_PB_TOO_LARGE, NULL, MS_AI(1), MS_AI(MS_PB_MAX_INPUT));
	struct pb_holder *h = holder_new(a);
	if (!h)
		return ms_error_set(e, MS_ERR_NOMEM, NULL, NULL, "out of memory reading a .pb file");
	struct pb_parser s;
	memset(&s, 0, sizeof s);
	s.a = a;
	s.ar = &h->ar;
	s.el = &h->el;
	s.e = e;
	s.line = 1;
	s.lean = (flags & MS_PB_LEAN) != 0;
	s.split = (flags & MS_PB_SPLIT) != 0;
	size_t n_semi = 0;
	int rc = ms_pb_scan_input(&s, buf ? buf : "", len, &n_semi);
	if (rc)
		goto fail;
	/* Fields: at most one per ';' plus one per row. */
	s.fcap = n_semi + s.n_nl + 2;
	if (s.lean && s.fcap > 4096)
		s.fcap = 4096;
	s.f = ms_pb_arena_array(a, s.ar, s.fcap, sizeof *s.f);
	if (!s.f) {
		rc = pb_nomem(&s);
		goto fail;
	}
	rc = parse_rows(&s);
	if (rc)
		goto fail;
	a->free(a->ctx, s.pv);
	*out = &h->el;
	return 0;
fail:
	a->free(a->ctx, s.pv);
	ms_election_free(a, &h->el);
	return rc;
}
