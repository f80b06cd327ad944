/* cmd_audit.c — `minsheng audit verify`: the audit log's chain, the results
 * it vouches for and the protective triggers, checked (audit.h). */
#include <string.h>

#include "../audit/audit.h"
#include "../evaluate/evaluate.h"
#include "../vote/vote.h"
#include "cli.h"

static void print_ok(const struct ms_audit_report *r, bool head, int64_t polls, int64_t evaluations, int64_t reviews)
{
	bool zh = ms_cli_chinese();
	char legacy[96] = "", old[96] = "";
	if (r->legacy)
		snprintf(legacy, sizeof legacy,
			 zh ? "（其中 %lld 条早于哈希链，由链的第一环涵盖）" : " (%lld from before the chain, in its first link)",
			 (long long)r->legacy);
	if (r->results_legacy)
		snprintf(old, sizeof old,
			 zh ? "；另有 %lld 个结果早于哈希链，无从核对" : ", %lld from before the chain cannot be checked",
			 (long long)r->results_legacy);
	printf(zh ? "minsheng：审计日志完好：%lld 条记录的哈希链无误%s，%lld 个投票结果与其 poll.close 记录相符%s，"
		    "%lld 个保护触发器均已启用%s；链头：记录 %lld %s\n"
		  : "minsheng: the audit log holds: entries: %lld chained%s; results: %lld match their poll.close "
		    "entries%s; protective triggers: %lld in place%s; head: entry %lld %s\n",
	       (long long)r->entries, legacy, (long long)r->results, old, (long long)r->triggers,
	       !head ? "" : zh ? "，记录的链头在链中" : ", the recorded head is in the chain", (long long)r->head_id,
	       r->head[0] ? r->head : "-");
	printf(zh ? "minsheng：%lld 次投票的选票与审计日志的投票记录及公示表哈希相符\n"
		  : "minsheng: the ballots of %lld polls match the audit log's ballots cast and their bulletin hashes\n",
	       (long long)polls);
	printf(zh ? "minsheng：%lld 次满意度测评的项目测评结果与其公布的结果相符\n"
		  : "minsheng: the verdicts of %lld evaluations match their published results\n",
	       (long long)evaluations);
	printf(zh ? "minsheng：%lld 次述职评议的单位评议结果与其公布的结果相符\n"
		  : "minsheng: the verdicts of %lld reviews match their published results\n",
	       (long long)reviews);
}

int ms_cmd_audit(int argc, char **argv)
{
	static const char help[] =
		"Usage: minsheng audit verify [--db DB] [--head HASH]\n"
		"Check that nothing in the audit log, the results or the ballots' protection was changed: the\n"
		"hash chain of every entry, every published result against the hash its poll.close entry\n"
		"recorded, and the database triggers that refuse changes; then every poll's ballots against the\n"
		"log's ballots cast and against the bulletin hash its result carries. Prints what holds and exits 0, or\n"
		"names the first broken link and exits 1. Dropping the newest entries leaves no broken link:\n"
		"record the head (the newest entry's hash, printed here and in GET /audit) somewhere else and\n"
		"pass it as --head HASH to check that it is still in the chain (docs/audit.md).\n";
	const char *db = ms_env_or("MINSHENG_DB", MS_DEFAULT_DB), *head = NULL;
	const struct ms_opt opts[] = {{"db", MS_OPT_STR, &db, NULL}, {"head", MS_OPT_STR, &head, NULL}, {0}};
	const char *pos[1];
	size_t n_pos = 0;
	int rc = ms_opts_parse(argc, argv, opts, help, pos, 1, &n_pos);
	if (rc >= 0)
		return rc;
	if (n_pos != 1 || strcmp(pos[0], "verify") != 0)
		return fputs(help, stderr), 2;
	struct ms_store *st;
	if (ms_cli_open(db, 1, &st))
		return 1;
	struct ms_error e = {0};
	struct ms_db *d = NULL;
	struct ms_audit_report r;
	int64_t polls = 0, evaluations = 0, reviews = 0;
	rc = ms_store_acquire(st, &d, &e);
	if (!rc && !(rc = ms_db_begin(d, false, &e)) && !(rc = ms_audit_verify(d, head, &r, &e)))
		if (!(rc = ms_vote_verify(d, &polls, &e)))
			if (!(rc = ms_evaluation_verify(d, &evaluations, &e)))
				rc = ms_review_verify(d, &reviews, &e);
	ms_store_release(st, d);
	ms_store_close(st);
	if (rc)
		return ms_cli_fail(&e);
	print_ok(&r, head != NULL, polls, evaluations, reviews);
	return 0;
}
