/* audit_walk.h - the walk along the audit log, shared by the full verify
 * (audit_verify.c) and the one that starts from a checkpoint
 * (audit_since.c). Store-private. */
#ifndef VIGIL_STORE_AUDIT_WALK_H
#define VIGIL_STORE_AUDIT_WALK_H

#include <sodium.h>

#include "internal.h"
#include "vigil/audit.h"

#define WALK_HASH_HEX 65
#define WALK_PK_HEX (crypto_sign_PUBLICKEYBYTES * 2 + 1)

struct known_user {
	int64_t id;
	char name[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	char role[16];
	int disabled;
	char pk[WALK_PK_HEX]; /* "" before the user has a key */
	long long failed;
	char locked[VIGIL_TIME_UTC_LEN];
};

struct walk {
	struct known_user *users;
	size_t n, cap;
	bool signed_era;
	char root_pk[WALK_PK_HEX];
	const vigil_audit_head *heads;
	size_t nheads;
	bool *head_seen;
	/* Unsigned rows of a batch waiting for their seal: whose, and the
	 * first of them. */
	char pending[VIGIL_TEXT_BYTES(VIGIL_USER_NAME_MAX)];
	long long pending_seq;
};

/* Where the walk is: the row it expects next, and the hash and time of
 * the row before it. */
struct walk_pos {
	long long expect;
	char prev[WALK_HASH_HEX];
	char prev_at[VIGIL_TIME_UTC_LEN];
};

/* Called for each row walked that names a record (entity not ""). */
typedef vigil_status (*walk_record_fn)(const char *entity, int64_t id, long long seq, void *ctx,
                                       vigil_error *err);

vigil_status walk_init(struct walk *w, const vigil_audit_head *heads, size_t nheads,
                       vigil_error *err);
void walk_free(struct walk *w);

/* Learns users and their keys from the user rows up to row through, each
 * checked on its own: its hash from its fields and the hash it stores of
 * the row before, and its signature as the full walk checks it. The
 * state is then what the full walk has on reaching that row. */
vigil_status walk_users_upto(vigil_db *db, struct walk *w, long long through,
                             vigil_error *err);

/* Walks the rows from pos->expect to the end: order, links, hashes,
 * signatures, checkpoints and witnessed heads; counts into report. */
vigil_status walk_chain(vigil_db *db, struct walk *w, struct walk_pos *pos,
                        vigil_audit_report *report, walk_record_fn fn, void *ctx,
                        vigil_error *err);

/* After the walk: no batch left unsealed, every witnessed head seen; the
 * head and the ward key into report. */
vigil_status walk_finish(struct walk *w, const struct walk_pos *pos, vigil_audit_report *report,
                         vigil_error *err);

/* Row seq as stored, checked on its own: its hash recomputed from its
 * fields and stored link. *found false when there is no such row. */
vigil_status walk_row_alone(vigil_db *db, long long seq, char hash[WALK_HASH_HEX],
                            char at[VIGIL_TIME_UTC_LEN], bool *found, vigil_error *err);

#endif
