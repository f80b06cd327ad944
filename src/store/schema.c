/* schema.c — SQLite schema, one migration per array element, applied in
 * order inside a transaction each by store.c. Never edit a released
 * migration; append a new one. */
#include "schema.h"

/* Migration 1: the core domain (in parts: C limits a literal's length). */
static const char *const m1[] = {
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE congress(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL,\n"
	"  name_en TEXT,\n"
	"  level TEXT NOT NULL CHECK(level IN ('city','district','town')),\n"
	"  parent_id INTEGER REFERENCES congress(id),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE TABLE unit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  name TEXT NOT NULL,\n"
	"  name_en TEXT,\n"
	"  UNIQUE(congress_id, name));\n"
	"CREATE TABLE user(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  login TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  pw_hash TEXT NOT NULL,\n"
	"  congress_id INTEGER REFERENCES congress(id),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX user_congress ON user(congress_id);\n"
	"CREATE TABLE user_role(\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  role TEXT NOT NULL CHECK(role IN ('admin','clerk','deputy','unit')),\n"
	"  PRIMARY KEY(user_id, role)) WITHOUT ROWID;\n"
	"CREATE INDEX user_role_role ON user_role(role, user_id);\n"
	"CREATE TABLE session(\n"
	"  token_hash BLOB PRIMARY KEY,\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  csrf TEXT NOT NULL,\n"
	"  expires_at INTEGER NOT NULL) WITHOUT ROWID;\n"
	,
	"CREATE TABLE cycle(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  year INTEGER NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  title_en TEXT,\n"
	"  phase TEXT NOT NULL DEFAULT 'collect'\n"
	"    CHECK(phase IN ('collect','compile','vote','implement','evaluate','closed')),\n"
	"  created_at TEXT NOT NULL,\n"
	"  UNIQUE(congress_id, year));\n"
	"CREATE TABLE candidate(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  cycle_id INTEGER NOT NULL REFERENCES cycle(id),\n"
	"  title TEXT NOT NULL,\n"
	"  title_en TEXT,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  description_en TEXT,\n"
	"  category TEXT NOT NULL DEFAULT '',\n"
	"  cost INTEGER NOT NULL CHECK(cost >= 0),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  location TEXT NOT NULL DEFAULT '',\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX candidate_cycle ON candidate(cycle_id);\n"
	,
	"CREATE TABLE poll(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  cycle_id INTEGER NOT NULL REFERENCES cycle(id),\n"
	"  title TEXT NOT NULL,\n"
	"  status TEXT NOT NULL DEFAULT 'draft' CHECK(status IN ('draft','open','closed')),\n"
	"  slots INTEGER NOT NULL CHECK(slots >= 1),\n"
	"  max_approvals INTEGER NOT NULL CHECK(max_approvals >= 1),\n"
	"  threshold_base TEXT NOT NULL CHECK(threshold_base IN ('all','present','cast')),\n"
	"  threshold_num INTEGER NOT NULL,\n"
	"  threshold_den INTEGER NOT NULL CHECK(threshold_den >= 1),\n"
	"  threshold_strict INTEGER NOT NULL,\n"
	"  budget INTEGER CHECK(budget IS NULL OR budget >= 0),\n"
	"  quorum_num INTEGER NOT NULL,\n"
	"  quorum_den INTEGER NOT NULL CHECK(quorum_den >= 1),\n"
	"  deputies_all INTEGER,\n"
	"  created_at TEXT NOT NULL,\n"
	"  opened_at TEXT,\n"
	"  closed_at TEXT);\n"
	"CREATE INDEX poll_cycle ON poll(cycle_id);\n"
	"CREATE TABLE poll_candidate(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  candidate_id INTEGER NOT NULL REFERENCES candidate(id),\n"
	"  PRIMARY KEY(poll_id, candidate_id)) WITHOUT ROWID;\n"
	,
	/* Attendance and participation are keyed by deputy and carry no time:
	 * row order says nothing about when anyone arrived or voted. */
	"CREATE TABLE attendance(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  PRIMARY KEY(poll_id, user_id)) WITHOUT ROWID;\n"
	/* Who is due to vote: the congress's deputies, frozen when the poll opens. */
	"CREATE TABLE poll_roster(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  PRIMARY KEY(poll_id, user_id)) WITHOUT ROWID;\n"
	"CREATE TABLE participation(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  PRIMARY KEY(poll_id, user_id)) WITHOUT ROWID;\n"
	/* A ballot never names its deputy: keyed by 16 random bytes, so rows are
	 * stored and read in random order; no timestamp; choices sorted. */
	"CREATE TABLE ballot(\n"
	"  id BLOB PRIMARY KEY CHECK(length(id) = 16),\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  choices TEXT NOT NULL,\n"
	"  paper INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
	"CREATE INDEX ballot_poll ON ballot(poll_id, id);\n"
	"CREATE TRIGGER ballot_immutable BEFORE UPDATE ON ballot\n"
	"  BEGIN SELECT RAISE(ABORT, 'ballots are immutable'); END;\n"
	"CREATE TRIGGER ballot_undeletable BEFORE DELETE ON ballot\n"
	"  BEGIN SELECT RAISE(ABORT, 'ballots cannot be deleted'); END;\n"
	,
	"CREATE TABLE poll_result(\n"
	"  poll_id INTEGER PRIMARY KEY REFERENCES poll(id),\n"
	"  result TEXT NOT NULL,\n"
	"  counted_at TEXT NOT NULL);\n"
	"CREATE TRIGGER poll_result_immutable BEFORE UPDATE ON poll_result\n"
	"  BEGIN SELECT RAISE(ABORT, 'results are immutable'); END;\n"
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  user_id INTEGER REFERENCES user(id),\n"
	"  congress_id INTEGER REFERENCES congress(id),\n"
	"  action TEXT NOT NULL,\n"
	"  object TEXT,\n"
	"  detail TEXT);\n"
	"CREATE INDEX audit_congress ON audit(congress_id, id);\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"INSERT INTO meta(key, value) VALUES ('secret', randomblob(32));\n",
	NULL,
};

/* Migration 2: the ballot form of a poll (pick up to N; approve / oppose /
 * abstain per project; ranked — reserved for ranked polls). */
static const char *const m2[] = {
	"ALTER TABLE poll ADD COLUMN ballot_form TEXT NOT NULL DEFAULT 'pick'\n"
	"  CHECK(ballot_form IN ('pick','approve_oppose','ranked'));\n",
	NULL,
};

/* Migration 3: sealed ballots (docs/secrecy.md). While a poll is open each
 * ballot is stored sealed (libsodium sealed box) to the poll's public key in
 * ballot_box; the private key exists only as shares held by the poll's
 * scrutineers (poll_scrutineer: the one-time key each registered to receive
 * it, the share sealed to that key, and a BLAKE2b commitment to the share
 * that lets the close name a wrong one). At the close k scrutineers' shares
 * open the boxes; the ballots are written to ballot in random order in the
 * close's transaction and the boxes deleted (secure_delete zeroes them).
 * A ballot's tracker lets its deputy find it on the published bulletin.
 * Deleting a box is refused while its poll is not closed. A poll opened
 * before this migration (public_key NULL) is closed as before. */
static const char *const m3[] = {
	"ALTER TABLE poll ADD COLUMN public_key BLOB;\n"
	"ALTER TABLE poll ADD COLUMN shares_needed INTEGER;\n"
	"ALTER TABLE ballot ADD COLUMN tracker TEXT;\n"
	"CREATE TABLE poll_scrutineer(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  x INTEGER NOT NULL CHECK(x BETWEEN 1 AND 255),\n"
	"  share_key BLOB CHECK(share_key IS NULL OR length(share_key) = 32),\n"
	"  sealed_share BLOB,\n"
	"  share_hash BLOB,\n"
	"  PRIMARY KEY(poll_id, user_id),\n"
	"  UNIQUE(poll_id, x)) WITHOUT ROWID;\n"
	"CREATE TABLE ballot_box(\n"
	"  id BLOB PRIMARY KEY CHECK(length(id) = 16),\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  box BLOB NOT NULL) WITHOUT ROWID;\n"
	"CREATE INDEX ballot_box_poll ON ballot_box(poll_id, id);\n"
	"CREATE TRIGGER ballot_box_sealed BEFORE UPDATE ON ballot_box\n"
	"  BEGIN SELECT RAISE(ABORT, 'sealed ballots are immutable'); END;\n"
	"CREATE TRIGGER ballot_box_kept BEFORE DELETE ON ballot_box\n"
	"  WHEN (SELECT status FROM poll WHERE id = OLD.poll_id) <> 'closed'\n"
	"  BEGIN SELECT RAISE(ABORT, 'sealed ballots are kept until the close'); END;\n",
	NULL,
};

/* Migration 4: anonymous code-sheet polls (docs/secrecy.md). The clerk
 * prints one-time voting codes as slips; the database keeps only each
 * code's BLAKE2b hash, its slip number and whether it is unused, used or
 * void — never who drew it. The desk records which deputies took a slip. */
static const char *const m4[] = {
	"ALTER TABLE poll ADD COLUMN voting_mode TEXT NOT NULL DEFAULT 'login'\n"
	"  CHECK(voting_mode IN ('login','code_sheet'));\n"
	"ALTER TABLE attendance ADD COLUMN slip INTEGER NOT NULL DEFAULT 0;\n"
	"CREATE TABLE voting_code(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  serial INTEGER NOT NULL CHECK(serial >= 1),\n"
	"  code_hash BLOB NOT NULL UNIQUE CHECK(length(code_hash) = 32),\n"
	"  state TEXT NOT NULL DEFAULT 'issued' CHECK(state IN ('issued','used','void')),\n"
	"  PRIMARY KEY(poll_id, serial)) WITHOUT ROWID;\n"
	"CREATE TRIGGER voting_code_once BEFORE UPDATE ON voting_code\n"
	"  WHEN OLD.state <> 'issued' OR NEW.code_hash <> OLD.code_hash OR NEW.serial <> OLD.serial\n"
	"    OR NEW.poll_id <> OLD.poll_id\n"
	"  BEGIN SELECT RAISE(ABORT, 'a voting code is used or voided once'); END;\n"
	"CREATE TRIGGER voting_code_kept BEFORE DELETE ON voting_code\n"
	"  BEGIN SELECT RAISE(ABORT, 'voting codes are kept'); END;\n",
	NULL,
};

/* Migration 5: the audit log chained by hash (audit/chain.c, docs/audit.md),
 * and triggers that no normal statement passes. An entry's hash is made in
 * C as it is appended; the entries written before this migration keep no
 * hash and are covered by the first chained one, after the last id that
 * meta's audit_chain_after records. A BEFORE INSERT trigger refuses an
 * insert over an existing key: INSERT OR REPLACE (and REPLACE, UPSERT)
 * would otherwise delete the old row without firing the delete triggers.
 * A result can no longer be deleted. */
static const char *const m5[] = {
	"ALTER TABLE audit ADD COLUMN hash BLOB CHECK(hash IS NULL OR length(hash) = 32);\n"
	"INSERT INTO meta(key, value) SELECT 'audit_chain_after', CAST(coalesce(max(id), 0) AS TEXT) FROM audit;\n"
	"CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit\n"
	"  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER poll_result_no_replace BEFORE INSERT ON poll_result\n"
	"  WHEN EXISTS (SELECT 1 FROM poll_result WHERE poll_id = NEW.poll_id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'results are immutable'); END;\n"
	"CREATE TRIGGER poll_result_undeletable BEFORE DELETE ON poll_result\n"
	"  BEGIN SELECT RAISE(ABORT, 'results cannot be deleted'); END;\n"
	"CREATE TRIGGER ballot_no_replace BEFORE INSERT ON ballot\n"
	"  WHEN EXISTS (SELECT 1 FROM ballot WHERE id = NEW.id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'ballots are immutable'); END;\n"
	"CREATE TRIGGER ballot_box_no_replace BEFORE INSERT ON ballot_box\n"
	"  WHEN EXISTS (SELECT 1 FROM ballot_box WHERE id = NEW.id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'sealed ballots are immutable'); END;\n"
	"CREATE TRIGGER voting_code_no_replace BEFORE INSERT ON voting_code\n"
	"  WHEN EXISTS (SELECT 1 FROM voting_code WHERE code_hash = NEW.code_hash\n"
	"               OR (poll_id = NEW.poll_id AND serial = NEW.serial))\n"
	"  BEGIN SELECT RAISE(ABORT, 'voting codes are kept'); END;\n",
	NULL,
};

/* Migration 6: deputies own their credentials (auth/activation.c). A new
 * account gets a one-time activation code instead of a password someone
 * else chose; the store keeps only its BLAKE2b hash, until when it may be
 * used, and when it was issued. The account's pw_hash is '' (no password
 * matches it) until the code is used. */
static const char *const m6[] = {
	"CREATE TABLE activation(\n"
	"  user_id INTEGER PRIMARY KEY REFERENCES user(id),\n"
	"  code_hash BLOB NOT NULL UNIQUE CHECK(length(code_hash) = 32),\n"
	"  expires_at INTEGER NOT NULL,\n"
	"  created_at TEXT NOT NULL);\n",
	NULL,
};


/* Migration 7: the failed-login counters (auth/throttle.c): per subject —
 * "login:<login>" or "addr:<client address>" — the failures counted in the
 * window that began at window_start (Unix seconds). Rows whose window
 * ended are deleted as new failures come. */
static const char *const m7[] = {
	"CREATE TABLE login_failure(\n"
	"  subject TEXT PRIMARY KEY,\n"
	"  failures INTEGER NOT NULL CHECK(failures >= 1),\n"
	"  window_start INTEGER NOT NULL);\n",
	NULL,
};

/* Migration 8: logins are unique whatever their case (issue 11, defect 10),
 * found by lower(login). Logins are ASCII, so lower() is the same on both
 * engines. Of accounts whose logins differ only in case, the oldest (lowest
 * id) keeps its login; each later one is renamed to its login, cut so the
 * whole fits 64 bytes, followed by "-dup" and its id ("DEPUTY01" id 17
 * becomes "DEPUTY01-dup17"), a valid login its owner logs in with; the
 * clerk tells them. Sessions, roles and votes stay with the account.
 * And the paper ballots issued and recorded (below). */
static const char *const m8[] = {
	"UPDATE \"user\" SET login = substr(login, 1, 64 - length('-dup' || id)) || '-dup' || id\n"
	"  WHERE EXISTS (SELECT 1 FROM \"user\" o WHERE lower(o.login) = lower(\"user\".login) AND o.id < \"user\".id);\n"
	"CREATE UNIQUE INDEX user_login_lower ON \"user\"(lower(login));\n",
	/* Paper ballots (issue 11, defect 9): the desk records which present
	 * deputies were issued one (attendance.paper) — they cannot vote
	 * electronically, and a deputy who did is issued none — and the poll
	 * counts the paper ballots recorded, never more than those issued.
	 * A poll open during the migration counts from then on. */
	"ALTER TABLE attendance ADD COLUMN paper INTEGER NOT NULL DEFAULT 0 CHECK(paper IN (0, 1));\n"
	"ALTER TABLE poll ADD COLUMN paper_recorded INTEGER NOT NULL DEFAULT 0 CHECK(paper_recorded >= 0);\n",
	NULL,
};

/* Migration 9: projects under delivery and the reserve pool (src/supervise/,
 * issue 12). When a round enters 实施 each candidate its polls selected
 * becomes a project, keeping its candidate and the poll that chose it; each
 * candidate not selected goes to the congress's reserve pool (储备库), from
 * which a later round takes it as a new candidate whose origin_id names it —
 * traceable both ways (reserve_pool.taken_by). */
static const char *const m9[] = {
	"CREATE TABLE project(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  cycle_id INTEGER NOT NULL REFERENCES cycle(id),\n"
	"  candidate_id INTEGER NOT NULL UNIQUE REFERENCES candidate(id),\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  lead_unit_id INTEGER REFERENCES unit(id),\n"
	"  state TEXT NOT NULL DEFAULT 'planning' CHECK(state IN ('planning','delivering','finished')),\n"
	"  light TEXT NOT NULL DEFAULT 'green' CHECK(light IN ('green','yellow','red','blue')),\n"
	"  percent_done INTEGER NOT NULL DEFAULT 0 CHECK(percent_done BETWEEN 0 AND 100),\n"
	"  spent INTEGER NOT NULL DEFAULT 0 CHECK(spent >= 0),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX project_cycle ON project(cycle_id);\n"
	"CREATE INDEX project_congress ON project(congress_id);\n"
	"CREATE TABLE reserve_pool(\n"
	"  candidate_id INTEGER PRIMARY KEY REFERENCES candidate(id),\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  reason TEXT NOT NULL CHECK(reason IN ('not_selected','not_voted')),\n"
	"  taken_by INTEGER UNIQUE REFERENCES candidate(id),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX reserve_pool_congress ON reserve_pool(congress_id);\n"
	"ALTER TABLE candidate ADD COLUMN origin_id INTEGER REFERENCES candidate(id);\n",
	NULL,
};

/* Migration 10: oversight groups (监督小组, src/supervise/oversight*.c,
 * issue 12). A clerk makes a group of a congress's deputies, one of them its
 * leader (also a member row), for one project or for an area's projects
 * (oversight_project). Its members record inspections (视察: the day, the
 * participants as a JSON array of user ids, the findings), send supervision
 * letters (督办函) to a project's lead unit with a reply deadline after the
 * day sent, which the unit answers once, and record special inquiries
 * (专题询问: questions and answers, in order, as a JSON array). Inspections
 * and letters are internal until the clerk publishes them (published_at).
 * Any deputy of the congress comments on a project. Days are YYYY-MM-DD. */
static const char *const m10[] = {
	"CREATE TABLE oversight_group(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  name TEXT NOT NULL,\n"
	"  scope TEXT NOT NULL CHECK(scope IN ('project','area')),\n"
	"  area TEXT,\n"
	"  leader_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  UNIQUE(congress_id, name));\n"
	"CREATE TABLE oversight_member(\n"
	"  group_id INTEGER NOT NULL REFERENCES oversight_group(id),\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  PRIMARY KEY(group_id, user_id)) WITHOUT ROWID;\n"
	"CREATE INDEX oversight_member_user ON oversight_member(user_id, group_id);\n"
	"CREATE TABLE oversight_project(\n"
	"  group_id INTEGER NOT NULL REFERENCES oversight_group(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  PRIMARY KEY(group_id, project_id)) WITHOUT ROWID;\n"
	"CREATE INDEX oversight_project_project ON oversight_project(project_id, group_id);\n"
	"CREATE TABLE inspection(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  group_id INTEGER NOT NULL REFERENCES oversight_group(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  day TEXT NOT NULL,\n"
	"  participants TEXT NOT NULL,\n"
	"  findings TEXT NOT NULL,\n"
	"  created_by INTEGER REFERENCES user(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  published_at TEXT);\n"
	"CREATE INDEX inspection_project ON inspection(project_id);\n"
	"CREATE TABLE supervision_letter(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  group_id INTEGER NOT NULL REFERENCES oversight_group(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
	"  body TEXT NOT NULL,\n"
	"  sent_on TEXT NOT NULL,\n"
	"  deadline TEXT NOT NULL CHECK(deadline > sent_on),\n"
	"  sent_by INTEGER REFERENCES user(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  reply TEXT,\n"
	"  replied_by INTEGER REFERENCES user(id),\n"
	"  replied_at TEXT,\n"
	"  published_at TEXT);\n"
	"CREATE INDEX supervision_letter_project ON supervision_letter(project_id);\n"
	"CREATE INDEX supervision_letter_unit ON supervision_letter(unit_id);\n"
	"CREATE TABLE inquiry(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  group_id INTEGER NOT NULL REFERENCES oversight_group(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  day TEXT NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  qa TEXT NOT NULL,\n"
	"  created_by INTEGER REFERENCES user(id),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX inquiry_project ON inquiry(project_id);\n"
	"CREATE TABLE project_comment(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  user_id INTEGER NOT NULL REFERENCES user(id),\n"
	"  body TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX project_comment_project ON project_comment(project_id);\n",
	NULL,
};

/* Migration 11: implementation plans, the congress's supervision settings
 * and holiday calendar, warning lights and supervision tasks (src/supervise/,
 * issue 12). A plan is a JSON document: the draft on the project, each
 * publication an immutable row of plan_version; project.plan_version names
 * the latest. The light is judged from it and from the reports (started,
 * percent_done, last_report_on), light_why says which checks fired. A
 * project turning red gets a task (督办) for its lead unit, due on a working
 * day over the congress's holidays; level counts its escalations. */
static const char *const m11[] = {
	"ALTER TABLE project ADD COLUMN plan_draft TEXT;\n"
	"ALTER TABLE project ADD COLUMN plan_version INTEGER NOT NULL DEFAULT 0 CHECK(plan_version >= 0);\n"
	"ALTER TABLE project ADD COLUMN light_why TEXT;\n"
	"ALTER TABLE project ADD COLUMN started INTEGER NOT NULL DEFAULT 0 CHECK(started IN (0, 1));\n"
	"ALTER TABLE project ADD COLUMN last_report_on TEXT;\n"
	"CREATE TABLE plan_version(\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  version INTEGER NOT NULL CHECK(version >= 1),\n"
	"  plan TEXT NOT NULL,\n"
	"  published_at TEXT NOT NULL,\n"
	"  published_by INTEGER REFERENCES \"user\"(id),\n"
	"  PRIMARY KEY(project_id, version));\n"
	"CREATE TRIGGER plan_version_immutable BEFORE UPDATE ON plan_version\n"
	"  BEGIN SELECT RAISE(ABORT, 'published plans are immutable'); END;\n"
	"CREATE TRIGGER plan_version_undeletable BEFORE DELETE ON plan_version\n"
	"  BEGIN SELECT RAISE(ABORT, 'published plans are immutable'); END;\n"
	"CREATE TRIGGER plan_version_no_replace BEFORE INSERT ON plan_version\n"
	"  WHEN EXISTS (SELECT 1 FROM plan_version WHERE project_id = NEW.project_id AND version = NEW.version)\n"
	"  BEGIN SELECT RAISE(ABORT, 'published plans are immutable'); END;\n"
	"CREATE TABLE supervision_settings(\n"
	"  congress_id INTEGER PRIMARY KEY REFERENCES congress(id),\n"
	"  behind_yellow INTEGER NOT NULL, behind_red INTEGER NOT NULL,\n"
	"  late_yellow INTEGER NOT NULL, late_red INTEGER NOT NULL,\n"
	"  silent_yellow INTEGER NOT NULL, silent_red INTEGER NOT NULL,\n"
	"  task_days INTEGER NOT NULL CHECK(task_days >= 1),\n"
	"  escalate_days INTEGER NOT NULL CHECK(escalate_days >= 1),\n"
	"  updated_at TEXT NOT NULL);\n"
	"CREATE TABLE holiday(\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  day TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('off','on')),\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY(congress_id, day));\n"
	"CREATE TABLE task(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  why TEXT NOT NULL,\n"
	"  created_on TEXT NOT NULL,\n"
	"  due_on TEXT NOT NULL,\n"
	"  level INTEGER NOT NULL DEFAULT 0 CHECK(level >= 0),\n"
	"  escalated_on TEXT,\n"
	"  done_on TEXT,\n"
	"  done_note TEXT,\n"
	"  done_by INTEGER REFERENCES \"user\"(id),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX task_congress ON task(congress_id, due_on);\n"
	"CREATE INDEX task_project ON task(project_id);\n",
	NULL,
};

/* Migration 12: progress reports and their files (src/supervise/report.c,
 * issue 12). A report is the lead unit's word on a day: text, percent done,
 * money spent, the plan's milestones reached (by their number in the
 * published plan, with the day). Its photos and documents are kept in the
 * database — every node on a shared PostgreSQL sees them, and a backup or
 * `minsheng copy` carries them — as uploaded, once judged (core/upload.c):
 * photos re-encoded without metadata, with a thumbnail. An attachment
 * waits (report_id NULL) until the report that names it is filed. */
static const char *const m12[] = {
	"CREATE TABLE report(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  author_id INTEGER REFERENCES \"user\"(id),\n"
	"  reported_on TEXT NOT NULL,\n"
	"  body TEXT NOT NULL,\n"
	"  percent_done INTEGER NOT NULL CHECK(percent_done BETWEEN 0 AND 100),\n"
	"  spent INTEGER NOT NULL CHECK(spent >= 0),\n"
	"  published_on TEXT,\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX report_project ON report(project_id, id);\n"
	"CREATE TABLE report_milestone(\n"
	"  report_id INTEGER NOT NULL REFERENCES report(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  milestone INTEGER NOT NULL CHECK(milestone >= 1),\n"
	"  title TEXT NOT NULL,\n"
	"  reached_on TEXT NOT NULL,\n"
	"  PRIMARY KEY(report_id, milestone),\n"
	"  UNIQUE(project_id, milestone));\n"
	"CREATE TABLE attachment(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  report_id INTEGER REFERENCES report(id),\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('photo','document')),\n"
	"  mime TEXT NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  size INTEGER NOT NULL,\n"
	"  width INTEGER,\n"
	"  height INTEGER,\n"
	"  data BLOB NOT NULL,\n"
	"  thumb BLOB,\n"
	"  uploaded_by INTEGER REFERENCES \"user\"(id),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX attachment_report ON attachment(report_id);\n"
	"CREATE INDEX attachment_project ON attachment(project_id);\n",
	NULL,
};

/* Migration 13: inspections' photos and a project's acceptance (issue 12).
 * An attachment is uploaded for a project and then joins one progress
 * report or one inspection (inspection_id; the code keeps the two apart);
 * uploaded_on is its day by the server's clock (the test clock too), from
 * which the daily relight counts the days an unused upload is kept.
 * A project is finished when the clerk records its acceptance (验收): the
 * day, the note, who recorded it. A project's percent_done and spent become
 * those of its latest *published* report (what the public may see, and
 * what its light is judged on); the latest filed report's, published or
 * not, are kept in reported_percent and reported_spent (acceptance waits
 * for 100). */
static const char *const m13[] = {
	"ALTER TABLE attachment ADD COLUMN inspection_id INTEGER REFERENCES inspection(id);\n"
	"CREATE INDEX attachment_inspection ON attachment(inspection_id);\n"
	"ALTER TABLE attachment ADD COLUMN uploaded_on TEXT;\n"
	"UPDATE attachment SET uploaded_on = substr(created_at, 1, 10);\n"
	"ALTER TABLE project ADD COLUMN accepted_on TEXT;\n"
	"ALTER TABLE project ADD COLUMN acceptance TEXT;\n"
	"ALTER TABLE project ADD COLUMN accepted_by INTEGER REFERENCES \"user\"(id);\n"
	"ALTER TABLE project ADD COLUMN reported_percent INTEGER NOT NULL DEFAULT 0 CHECK(reported_percent BETWEEN 0 AND 100);\n"
	"ALTER TABLE project ADD COLUMN reported_spent INTEGER NOT NULL DEFAULT 0 CHECK(reported_spent >= 0);\n"
	"UPDATE project SET reported_percent = percent_done, reported_spent = spent;\n"
	"UPDATE project SET percent_done = COALESCE((SELECT r.percent_done FROM report r WHERE r.project_id = project.id "
	"AND r.published_on IS NOT NULL ORDER BY r.id DESC LIMIT 1), 0), spent = COALESCE((SELECT r.spent FROM report r "
	"WHERE r.project_id = project.id AND r.published_on IS NOT NULL ORDER BY r.id DESC LIMIT 1), 0);\n",
	NULL,
};

/* Migration 14: the year-end satisfaction evaluation (src/evaluate/, issue
 * 13). An evaluation is a poll whose ballot form is 'rate' — each of the
 * round's projects rated 满意 / 基本满意 / 不满意 (or left to abstain where
 * rate_abstain allows it), on each of its sub-items when rate_items names
 * them — so it keeps every guarantee of the vote: check-in, quorum, sealed
 * ballots opened by the scrutineers, the bulletin and its recount. Its
 * electorate is all deputies of the congress or the members of its
 * standing committee ("user".standing_committee). The verdicts stand beside
 * the immutable result, one row per project, immutable too. An optional
 * weighted composite (evaluation.composite: its components and weights,
 * e.g. public survey 60, leaders 30, online 10) takes the tallies of the
 * public survey and the others from evaluation_survey.
 *
 * SQLite cannot widen a column's CHECK in place: the table's text in
 * sqlite_schema is rewritten (writable_schema, as SQLite's ALTER TABLE page
 * describes for loosening a constraint); the CREATE TABLEs after it change
 * the schema cookie, so every connection reloads the new text. */
static const char *const m14[] = {
	"PRAGMA writable_schema = ON;\n"
	"UPDATE sqlite_schema SET sql = replace(sql, '''approve_oppose'',''ranked'')', "
	"'''approve_oppose'',''ranked'',''rate'')') WHERE type = 'table' AND name = 'poll';\n"
	"PRAGMA writable_schema = RESET;\n"
	/* the rewrite took: a CHECK that fails unless 'rate' is now in the table's text */
	"CREATE TEMP TABLE m14_check(ok INTEGER CHECK(ok));\n"
	"INSERT INTO m14_check SELECT instr(sql, '''rate''') > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'poll';\n"
	"DROP TABLE m14_check;\n",
	"ALTER TABLE poll ADD COLUMN electorate TEXT NOT NULL DEFAULT 'deputies'\n"
	"  CHECK(electorate IN ('deputies','committee'));\n"
	"ALTER TABLE poll ADD COLUMN rate_abstain INTEGER NOT NULL DEFAULT 1;\n"
	"ALTER TABLE poll ADD COLUMN rate_items TEXT;\n"
	"ALTER TABLE poll ADD COLUMN rate_combine TEXT NOT NULL DEFAULT 'pooled'\n"
	"  CHECK(rate_combine IN ('pooled','worst'));\n"
	"ALTER TABLE user ADD COLUMN standing_committee INTEGER NOT NULL DEFAULT 0;\n"
	"CREATE TABLE evaluation(\n"
	"  poll_id INTEGER PRIMARY KEY REFERENCES poll(id),\n"
	"  cycle_id INTEGER NOT NULL REFERENCES cycle(id),\n"
	"  reevaluation_of INTEGER REFERENCES poll(id),\n"
	"  closed_on TEXT,\n"
	"  composite TEXT,\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX evaluation_cycle ON evaluation(cycle_id);\n"
	"CREATE TABLE evaluation_survey(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  component INTEGER NOT NULL CHECK(component >= 0),\n"
	"  satisfied INTEGER NOT NULL CHECK(satisfied >= 0), basic INTEGER NOT NULL CHECK(basic >= 0),\n"
	"  dissatisfied INTEGER NOT NULL CHECK(dissatisfied >= 0),\n"
	"  PRIMARY KEY(poll_id, project_id, component)) WITHOUT ROWID;\n"
	"CREATE TABLE evaluation_verdict(\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  verdict TEXT NOT NULL CHECK(verdict IN ('satisfied','basic','dissatisfied','none')),\n"
	"  satisfied INTEGER NOT NULL, basic INTEGER NOT NULL, dissatisfied INTEGER NOT NULL,\n"
	"  abstain INTEGER NOT NULL, invalid INTEGER NOT NULL,\n"
	"  PRIMARY KEY(poll_id, project_id)) WITHOUT ROWID;\n"
	"CREATE INDEX evaluation_verdict_project ON evaluation_verdict(project_id, poll_id);\n"
	"CREATE TRIGGER evaluation_verdict_immutable BEFORE UPDATE ON evaluation_verdict\n"
	"  BEGIN SELECT RAISE(ABORT, 'verdicts are immutable'); END;\n"
	"CREATE TRIGGER evaluation_verdict_undeletable BEFORE DELETE ON evaluation_verdict\n"
	"  BEGIN SELECT RAISE(ABORT, 'verdicts are immutable'); END;\n"
	"CREATE TRIGGER evaluation_verdict_no_replace BEFORE INSERT ON evaluation_verdict\n"
	"  WHEN EXISTS (SELECT 1 FROM evaluation_verdict WHERE poll_id = NEW.poll_id AND project_id = NEW.project_id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'verdicts are immutable'); END;\n",
	NULL,
};

/* Migration 15: the consequences of a poor verdict (src/evaluate/
 * consequence.c, issue 13), configured per congress: for a dissatisfied
 * (or basically satisfied) project, a rectification task with a deadline
 * in working days, a required re-report, a re-evaluation, a special
 * inquiry, a talk with the unit head (约谈), a penalty in the unit's
 * assessment. The close of an evaluation writes one row per consequence;
 * whether it is done follows from the records (the task, a published
 * report, the re-evaluation's verdict, an inquiry) or, for a talk, from
 * what the clerk records. The public sees those its rule made public. */
static const char *const m15[] = {
	"CREATE TABLE consequence_rule(\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  verdict TEXT NOT NULL CHECK(verdict IN ('basic','dissatisfied')),\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('rectify','rereport','reevaluate','inquiry','talk','penalty')),\n"
	"  days INTEGER NOT NULL DEFAULT 0 CHECK(days >= 0),\n"
	"  points INTEGER NOT NULL DEFAULT 0 CHECK(points >= 0),\n"
	"  public INTEGER NOT NULL DEFAULT 1,\n"
	"  PRIMARY KEY(congress_id, verdict, kind)) WITHOUT ROWID;\n"
	"CREATE TABLE consequence(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  poll_id INTEGER NOT NULL REFERENCES poll(id),\n"
	"  project_id INTEGER NOT NULL REFERENCES project(id),\n"
	"  unit_id INTEGER REFERENCES unit(id),\n"
	"  verdict TEXT NOT NULL CHECK(verdict IN ('basic','dissatisfied')),\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('rectify','rereport','reevaluate','inquiry','talk','penalty')),\n"
	"  created_on TEXT NOT NULL,\n"
	"  due_on TEXT,\n"
	"  points INTEGER NOT NULL DEFAULT 0 CHECK(points >= 0),\n"
	"  public INTEGER NOT NULL DEFAULT 1,\n"
	"  task_id INTEGER REFERENCES task(id),\n"
	"  done_on TEXT,\n"
	"  note TEXT,\n"
	"  done_by INTEGER REFERENCES user(id),\n"
	"  created_at TEXT NOT NULL);\n"
	"CREATE INDEX consequence_congress ON consequence(congress_id, created_on);\n"
	"CREATE INDEX consequence_project ON consequence(project_id);\n"
	"CREATE INDEX consequence_unit ON consequence(unit_id, created_on);\n",
	NULL,
};

/* Migration 16: deputies' performance files (履职档案, src/assess/record*.c). What Minsheng knows
 * already (check-ins, participation, inspections, letters) is read where it
 * lies, never copied; record_entry holds what a deputy (or a clerk for one)
 * enters — training, contact with constituents, suggestions filed
 * elsewhere, research — which counts once a clerk approves it. A congress's
 * points per kind (record_points) are optional: no row, no points. */
static const char *const m16[] = {
	"CREATE TABLE record_entry(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  deputy_id INTEGER NOT NULL REFERENCES \"user\"(id),\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('training','contact','suggestion','research','other')),\n"
	"  day TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  hours INTEGER CHECK(hours IS NULL OR hours >= 1),\n"
	"  status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','approved','rejected')),\n"
	"  reason TEXT,\n"
	"  created_by INTEGER REFERENCES \"user\"(id),\n"
	"  created_at TEXT NOT NULL,\n"
	"  decided_by INTEGER REFERENCES \"user\"(id),\n"
	"  decided_at TEXT);\n"
	"CREATE INDEX record_entry_deputy ON record_entry(deputy_id, day);\n"
	"CREATE INDEX record_entry_congress ON record_entry(congress_id, status, day);\n"
	"CREATE TABLE record_points(\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  kind TEXT NOT NULL,\n"
	"  points INTEGER NOT NULL CHECK(points >= 0),\n"
	"  PRIMARY KEY(congress_id, kind)) WITHOUT ROWID;\n",
	NULL,
};

/* Migration 17: the unit
 * assessment's settings (承办单位考核, src/assess/assessment*.c, issue 13),
 * one row per congress: the weight of each component (on-time milestones,
 * delivery against plan, satisfaction verdicts, and the casework three
 * rates — response, resolution, satisfaction) and the class bands. A
 * congress without a row uses the defaults (assess_unit.h). Scores are
 * computed from the records each time, never stored. */
static const char *const m17[] = {
	"CREATE TABLE assessment_settings(\n"
	"  congress_id INTEGER PRIMARY KEY REFERENCES congress(id),\n"
	"  w_on_time INTEGER NOT NULL CHECK(w_on_time BETWEEN 0 AND 1000),\n"
	"  w_delivery INTEGER NOT NULL CHECK(w_delivery BETWEEN 0 AND 1000),\n"
	"  w_satisfaction INTEGER NOT NULL CHECK(w_satisfaction BETWEEN 0 AND 1000),\n"
	"  w_response INTEGER NOT NULL CHECK(w_response BETWEEN 0 AND 1000),\n"
	"  w_resolution INTEGER NOT NULL CHECK(w_resolution BETWEEN 0 AND 1000),\n"
	"  w_casework_satisfaction INTEGER NOT NULL CHECK(w_casework_satisfaction BETWEEN 0 AND 1000),\n"
	"  excellent_min INTEGER NOT NULL CHECK(excellent_min BETWEEN 0 AND 100),\n"
	"  good_min INTEGER NOT NULL CHECK(good_min BETWEEN 0 AND 100),\n"
	"  pass_min INTEGER NOT NULL CHECK(pass_min BETWEEN 0 AND 100),\n"
	"  updated_at TEXT NOT NULL);\n",
	NULL,
};

/* Migration 18: the collect stage's core (src/liaison/, issue 14) —
 * stations (代表联络站, 家站点) with their deputies, rota (接待日) and
 * bookings; houses (门牌) with their constituency deputy and deputies'
 * personal codes (QR tokens, never ids); residents' demands from every
 * channel (contact private, the tracking code's hash only) with a photo, and
 * each demand's steps (never an edit); the liaison settings; the public
 * form's count per client address and hour (shared by every node). */
static const char *const m18[] = {
	"CREATE TABLE station(id INTEGER PRIMARY KEY, congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('station','home')), name TEXT NOT NULL,\n"
	"  address TEXT NOT NULL DEFAULT '', area TEXT NOT NULL DEFAULT '', token TEXT UNIQUE,\n"
	"  created_at TEXT NOT NULL, UNIQUE(congress_id, name));\n"
	"CREATE TABLE station_deputy(station_id INTEGER NOT NULL REFERENCES station(id),\n"
	"  deputy_id INTEGER NOT NULL REFERENCES \"user\"(id), PRIMARY KEY(station_id, deputy_id)) WITHOUT ROWID;\n"
	"CREATE INDEX station_deputy_deputy ON station_deputy(deputy_id);\n"
	"CREATE TABLE house(id INTEGER PRIMARY KEY, congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  label TEXT NOT NULL, deputy_id INTEGER NOT NULL REFERENCES \"user\"(id), token TEXT NOT NULL UNIQUE,\n"
	"  created_at TEXT NOT NULL, UNIQUE(congress_id, label));\n"
	"CREATE TABLE deputy_code(deputy_id INTEGER PRIMARY KEY REFERENCES \"user\"(id),\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id), token TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE demand_photo(id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, mime TEXT NOT NULL,\n"
	"  size INTEGER NOT NULL, width INTEGER, height INTEGER, data BLOB NOT NULL, thumb BLOB, created_at TEXT NOT NULL);\n",
	"CREATE TABLE demand(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id),\n"
	"  channel TEXT NOT NULL\n"
	"    CHECK(channel IN ('web','desk','visit','deputy_code','station_code','house_code')),\n"
	"  station_id INTEGER REFERENCES station(id),\n"
	"  deputy_id INTEGER REFERENCES \"user\"(id),\n"
	"  area TEXT NOT NULL DEFAULT '',\n"
	"  title TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  track_hash TEXT UNIQUE,\n"
	"  status TEXT NOT NULL DEFAULT 'new'\n"
	"    CHECK(status IN ('new','refused','spot','office','case','suggestion','candidate')),\n"
	"  created_at TEXT NOT NULL,\n"
	"  contact_name TEXT, contact_phone TEXT, house_id INTEGER REFERENCES house(id),\n"
	"  photo_id INTEGER REFERENCES demand_photo(id), entered_by INTEGER REFERENCES \"user\"(id));\n"
	"CREATE INDEX demand_congress ON demand(congress_id, status, created_at);\n"
	"CREATE INDEX demand_deputy ON demand(deputy_id, created_at);\n"
	"CREATE INDEX demand_station ON demand(station_id, created_at);\n"
	"CREATE TABLE demand_step(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  demand_id INTEGER NOT NULL REFERENCES demand(id),\n"
	"  kind TEXT NOT NULL,\n"
	"  actor_id INTEGER REFERENCES \"user\"(id),\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  at TEXT NOT NULL);\n"
	"CREATE INDEX demand_step_demand ON demand_step(demand_id, id);\n",
	"CREATE TABLE rota(id INTEGER PRIMARY KEY, station_id INTEGER NOT NULL REFERENCES station(id),\n"
	"  congress_id INTEGER NOT NULL REFERENCES congress(id), day TEXT NOT NULL, starts TEXT NOT NULL,\n"
	"  ends TEXT NOT NULL, capacity INTEGER NOT NULL CHECK(capacity BETWEEN 1 AND 500), created_at TEXT NOT NULL);\n"
	"CREATE INDEX rota_station ON rota(station_id, day);\n"
	"CREATE TABLE rota_deputy(rota_id INTEGER NOT NULL REFERENCES rota(id),\n"
	"  deputy_id INTEGER NOT NULL REFERENCES \"user\"(id), PRIMARY KEY(rota_id, deputy_id));\n"
	"CREATE TABLE booking(id INTEGER PRIMARY KEY, rota_id INTEGER NOT NULL REFERENCES rota(id), name TEXT NOT NULL,\n"
	"  phone TEXT NOT NULL, topic TEXT NOT NULL, code_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,\n"
	"  status TEXT NOT NULL DEFAULT 'booked' CHECK(status IN ('booked','cancelled')));\n"
	"CREATE INDEX booking_rota ON booking(rota_id, status);\n"
	"CREATE TABLE liaison_settings(congress_id INTEGER PRIMARY KEY REFERENCES congress(id),\n"
	"  notice_days INTEGER NOT NULL CHECK(notice_days BETWEEN 0 AND 60),\n"
	"  receptions_min INTEGER NOT NULL CHECK(receptions_min BETWEEN 0 AND 52),\n"
	"  form_per_hour INTEGER NOT NULL CHECK(form_per_hour BETWEEN 1 AND 10000),\n"
	"  areas TEXT NOT NULL DEFAULT '[]', updated_at TEXT NOT NULL);\n"
	"CREATE TABLE intake_rate(address TEXT NOT NULL, congress_id INTEGER NOT NULL, hour TEXT NOT NULL,\n"
	"  n INTEGER NOT NULL, PRIMARY KEY(address, congress_id, hour));\n",
	NULL,
};

/* Migrations 19 to 22: schema_casework.c, schema_search.c, schema_pref.c, schema_promote.c. */

MS_SCHEMA_LIST(ms_schema_migrations, ms_schema_count, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13,
	       m14, m15, m16, m17, m18, ms_schema_m19, ms_schema_m20, ms_schema_m21,
	       ms_schema_m22, ms_schema_m23, ms_schema_m24, ms_schema_m25, ms_schema_m26, ms_schema_m27,
	       ms_schema_m28, ms_schema_m29, ms_schema_m30, ms_schema_m31, ms_schema_m32, ms_schema_m33, ms_schema_m34, ms_schema_m35,
	       ms_schema_m36, ms_schema_m37, ms_schema_m38);
