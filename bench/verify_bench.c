/* verify_bench.c - signed audit rows (issue 8) against the unsigned rows
 * before them (commit 6a05048, schema 5), in one process (bench/verify.sh):
 *   verify_bench build DB N
 *       a new training database with 4 users (admin, nurse1, nurse2,
 *       clinician clin), 40 patients and N assessments recorded through
 *       vigil_assessment_record, 2,000 to a transaction, the clock pinned
 *       to each entry's time; prints build_ms and record_us (per record,
 *       batched: no fsync per record);
 *   verify_bench verify DB RUNS
 *       RUNS runs of vigil_audit_verify as admin (session opened without
 *       timing it): verify_ms, the rows walked and signatures checked;
 *   verify_bench since DB RUNS
 *       the same with vigil_audit_verify_since: from the latest checkpoint
 *       (since_ms, and what it walked);
 *   verify_bench add DB N
 *       N assessments more on a ward made by build, each its own durable
 *       transaction and signature, as the ward adds them (add_ms);
 *   verify_bench record DB USER PASSWORD MRN N
 *       one vigil_login (login_ms), then N durable recordings, each its
 *       own transaction as `vigil record` makes it (record_ms, median);
 *   verify_bench crypto RUNS
 *       libsodium alone, with vigil's parameters: crypto_pwhash argon2id
 *       of 64 bytes (OPSLIMIT/MEMLIMIT_INTERACTIVE: today's login),
 *       crypto_pwhash_str_verify of a string made with the same limits
 *       (the login before), one Ed25519 sign and one verify of a 64-digit
 *       row hash, and the hex decoding audit_verify.c does before a
 *       verify; "argon2 RUNS" the first two alone, "ed25519 RUNS" the
 *       rest.
 * Built with -DVIGIL_BENCH_OLD against the headers and libvigil.a of
 * 6a05048 (no training flag, no keys: sessions from vigil_store_user_find)
 * it makes the same rows in the same order. Built with -DVIGIL_BENCH_NOSIG
 * and -Wl,--wrap=crypto_sign_verify_detached it is today's code with every
 * signature check answering "valid" at once: the walk less the Ed25519
 * verifications (src/ unchanged).
 * Figures: "NAME MEDIAN MIN MAX" in milliseconds (microseconds for _us;
 * _cpu_ms: this process's CPU time, user + system), after "NAME_all" with
 * every run's; lines after "#" tell what was done. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/assessment.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/clock.h"
#include "vigil/db.h"
#include "vigil/patient.h"
#include "vigil/scale.h"
#include "vigil/store.h"

#define RUNS_MAX 1000
#define PATIENTS 40
#define BATCH 2000
/* The ward's people; the nurses and the clinician take turns recording. */
#define ADMIN "admin"
#define ADMIN_PW "bench-admin"
static const char *const recorders[] = { "nurse1", "nurse2", "clin" };
static const char *const recorder_pw[] = { "bench-nurse1", "bench-nurse2", "bench-clin" };
#define NRECORDERS 3
/* Scales in turn, shifted by patient. */
static const char *const scale_keys[] = { "cows", "ciwa-ar", "sows", "craving" };

#ifdef VIGIL_BENCH_NOSIG
int __wrap_crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m,
                                       unsigned long long mlen, const unsigned char *pk);
int __wrap_crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m,
                                       unsigned long long mlen, const unsigned char *pk)
{
	(void)sig, (void)m, (void)mlen, (void)pk;
	return 0;
}
#endif

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process (user + system): what the machine's other
 * work inflates least. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, int n)
{
	printf("%s_all", name);
	for (int i = 0; i < n; i++)
		printf(" %.3f", v[i]);
	putchar('\n');
	qsort(v, (size_t)n, sizeof *v, cmp);
	double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("%s %.3f %.3f %.3f\n", name, median, v[0], v[n - 1]);
}

static int fail(const char *what, const vigil_error *err)
{
	fprintf(stderr, "verify_bench: %s: %s\n", what, err->msg);
	return 1;
}

/* A session for name: today's checks the password once (argon2id) and
 * holds the signing key; the old one read the user alone, as its tests
 * did. */
static vigil_status session_for(vigil_db *db, const char *name, const char *password,
                                vigil_session *s, vigil_error *err)
{
	memset(s, 0, sizeof *s);
	s->db = db;
#ifdef VIGIL_BENCH_OLD
	(void)password;
	return vigil_store_user_find(db, name, &s->user, NULL, 0, err);
#else
	return vigil_session_resume(db, name, password, s, err);
#endif
}

/* A fixed pseudo-random number for (a, b). */
static unsigned mix(unsigned long long a, unsigned b)
{
	unsigned long long x = a * 0x9E3779B97F4A7C15ull + b * 0xBF58476D1CE4E5B9ull;
	x ^= x >> 31;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 29;
	return (unsigned)x;
}

/* The sheet of assessment j: every item scored, up to half way along its
 * choices by a severity that rises and falls over days (0-4), give or take
 * one; a measured item (COWS pulse) gets a heart rate its score allows. */
static vigil_status fill_sheet(vigil_sheet *sheet, const vigil_scale *scale,
                               unsigned long long j, unsigned long long round, unsigned p,
                               vigil_error *err)
{
	unsigned phase = (unsigned)((round / 48 + p * 3) % 16);
	int lvl = phase <= 4 ? (int)phase : phase <= 8 ? 8 - (int)phase : 0;
	vigil_sheet_init(sheet, scale);
	for (size_t k = 0; k < scale->nitems; k++) {
		const vigil_item *it = &scale->items[k];
		int n = (int)it->nscores;
		int idx = (lvl * (n - 1) + 4) / 8 + (int)(mix(j, (unsigned)k) % 3) - 1;
		idx = idx < 0 ? 0 : idx >= n ? n - 1 : idx;
		int score = it->scores[idx].score;
		vigil_status s;
		if (it->raw_key && it->nderive) {
			const vigil_derive *d = NULL;
			for (size_t r = 0; r < it->nderive && !d; r++)
				if (it->derive[r].score == score)
					d = &it->derive[r];
			if (!d)
				d = &it->derive[0];
			int lo = d->lo < it->raw_min ? it->raw_min : d->lo;
			int hi = d->hi > it->raw_max ? it->raw_max : d->hi;
			int raw = lo + (int)(mix(j, 1000u + (unsigned)k) % (unsigned)(hi - lo + 1));
			s = vigil_sheet_set_raw(sheet, k, raw, err);
		} else {
			s = vigil_sheet_set(sheet, k, score, err);
		}
		if (s != VIGIL_OK)
			return s;
	}
	return VIGIL_OK;
}

static int cmd_build(const char *path, long long n)
{
	vigil_error err;
	vigil_db *db;
	vigil_scales *scales;
	vigil_time t0;
	/* Admissions on 1 January 2025; 1,000,000 assessments reach into
	 * September (40 patients, each every 15 minutes). */
	if (vigil_time_parse("2025-01-01T00:00:00Z", &t0, &err) != VIGIL_OK ||
	    vigil_scales_load(&scales, &err) != VIGIL_OK)
		return fail("setup", &err);
	const vigil_scale *sc[4];
	for (int i = 0; i < 4; i++)
		if (!(sc[i] = vigil_scales_find(scales, scale_keys[i]))) {
			fprintf(stderr, "verify_bench: no scale %s\n", scale_keys[i]);
			return 1;
		}
	double start = now_ms();
	vigil_clock_pin(t0);
#ifdef VIGIL_BENCH_OLD
	if (vigil_db_create(path, &db, &err) != VIGIL_OK)
#else
	if (vigil_db_create(path, true, &db, &err) != VIGIL_OK)
#endif
		return fail("create", &err);
	vigil_session admin, rec[NRECORDERS];
	if (vigil_init_admin(db, ADMIN, "Bench Admin", ADMIN_PW, &err) != VIGIL_OK ||
	    session_for(db, ADMIN, ADMIN_PW, &admin, &err) != VIGIL_OK)
		return fail("admin", &err);
	for (int i = 0; i < NRECORDERS; i++)
		if (vigil_user_add(&admin, recorders[i], i < 2 ? VIGIL_ROLE_NURSE : VIGIL_ROLE_CLINICIAN,
		                   "Bench Recorder", recorder_pw[i], &err) != VIGIL_OK ||
		    session_for(db, recorders[i], recorder_pw[i], &rec[i], &err) != VIGIL_OK)
			return fail(recorders[i], &err);
	char mrn[PATIENTS][16];
	vigil_clock_pin(t0 + 3600);
	for (int p = 0; p < PATIENTS; p++) {
		char name[32], bed[8];
		snprintf(mrn[p], sizeof mrn[p], "V%04d", p + 1);
		snprintf(name, sizeof name, "Verify Patient %d", p + 1);
		snprintf(bed, sizeof bed, "%02d", p + 1);
		if (vigil_patient_admit(&rec[p % 2], mrn[p], name, bed, 0, NULL, &err) != VIGIL_OK)
			return fail("admit", &err);
	}
	double setup = now_ms() - start, t_rec = now_ms();
	vigil_sheet sheet;
	for (long long j = 0; j < n; j++) {
		if (j % BATCH == 0 && vigil_db_begin(db, &err) != VIGIL_OK)
			return fail("begin", &err);
		unsigned p = (unsigned)(j % PATIENTS);
		unsigned long long round = (unsigned long long)j / PATIENTS;
		const vigil_scale *scale = sc[(round + p) % 4];
		if (fill_sheet(&sheet, scale, (unsigned long long)j, round, p, &err) != VIGIL_OK)
			return fail("sheet", &err);
		/* Each patient every 15 minutes, 15 seconds apart; performed now. */
		vigil_clock_pin(t0 + 2 * 3600 + (vigil_time)round * 900 + (vigil_time)p * 15);
		vigil_record_input in = { .mrn = mrn[p], .sheet = &sheet, .reason = "bench" };
		int64_t id;
		if (vigil_assessment_record(&rec[(round + p) % NRECORDERS], &in, &id, &err) !=
		    VIGIL_OK)
			return fail("record", &err);
		if ((j + 1) % BATCH == 0 || j + 1 == n) {
			if (vigil_db_commit(db, &err) != VIGIL_OK)
				return fail("commit", &err);
		}
		if ((j + 1) % 100000 == 0) {
			fprintf(stderr, "verify_bench: %lld of %lld assessments, %.0f s\n", j + 1, n,
			        (now_ms() - start) / 1000);
		}
	}
	double recorded = now_ms() - t_rec;
	vigil_clock_pin(0);
	vigil_db_close(db);
	vigil_scales_free(scales);
	printf("build_ms %.0f\n", now_ms() - start);
	printf("setup_ms %.0f\n", setup);
	printf("record_us %.2f\n", n ? recorded * 1000 / (double)n : 0.0);
	printf("# %lld assessments, %d patients, %d users\n", n, PATIENTS, NRECORDERS + 1);
	return 0;
}

static int cmd_verify(const char *path, int runs)
{
	static double t[RUNS_MAX];
	vigil_error err;
	vigil_db *db;
	vigil_session admin;
	vigil_audit_report r;
	if (vigil_db_open(path, &db, &err) != VIGIL_OK ||
	    session_for(db, ADMIN, ADMIN_PW, &admin, &err) != VIGIL_OK)
		return fail("open", &err);
	static double c[RUNS_MAX];
	for (int i = 0; i < runs; i++) {
		memset(&r, 0, sizeof r);
		double t0 = now_ms(), c0 = cpu_ms();
		if (vigil_audit_verify(&admin, &r, &err) != VIGIL_OK)
			return fail("audit verify", &err);
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
	}
	report("verify_ms", t, runs);
	report("verify_cpu_ms", c, runs);
#ifdef VIGIL_BENCH_OLD
	long long sigs = 0;
#else
	long long sigs = (long long)r.signed_rows;
#endif
	printf("entries %lld\nrecords %lld\nsigned %lld\n", (long long)r.entries,
	       (long long)r.records, sigs);
	printf("# %lld audit rows, %lld records, %lld signatures checked\n", (long long)r.entries,
	       (long long)r.records, sigs);
	vigil_db_close(db);
	return 0;
}

#ifndef VIGIL_BENCH_OLD
/* N assessments more on a ward made by build, each its own durable
 * transaction and signature as `vigil record` writes it, the recorders
 * and patients in turn; the clock pinned a minute apart from now (after
 * any checkpoint a verify wrote). */
static int cmd_add(const char *path, long long n)
{
	vigil_error err;
	vigil_db *db;
	vigil_scales *scales;
	vigil_session rec[NRECORDERS];
	if (vigil_scales_load(&scales, &err) != VIGIL_OK || vigil_db_open(path, &db, &err) != VIGIL_OK)
		return fail("open", &err);
	for (int i = 0; i < NRECORDERS; i++)
		if (session_for(db, recorders[i], recorder_pw[i], &rec[i], &err) != VIGIL_OK)
			return fail(recorders[i], &err);
	vigil_time now;
	if (vigil_clock_now(&now, &err) != VIGIL_OK)
		return fail("clock", &err);
	double start = now_ms();
	vigil_sheet sheet;
	for (long long j = 0; j < n; j++) {
		unsigned p = (unsigned)(j % PATIENTS);
		char mrn[16];
		snprintf(mrn, sizeof mrn, "V%04u", p + 1);
		const vigil_scale *scale = vigil_scales_find(scales, scale_keys[(j / PATIENTS + p) % 4]);
		if (!scale || fill_sheet(&sheet, scale, (unsigned long long)j + 7777777ull,
		                         (unsigned long long)j / PATIENTS, p, &err) != VIGIL_OK)
			return fail("sheet", &err);
		vigil_clock_pin(now + 60 + (vigil_time)j * 60);
		vigil_record_input in = { .mrn = mrn, .sheet = &sheet, .reason = "bench" };
		int64_t id;
		if (vigil_assessment_record(&rec[j % NRECORDERS], &in, &id, &err) != VIGIL_OK)
			return fail("record", &err);
	}
	vigil_clock_pin(0);
	printf("add_ms %.0f\n", now_ms() - start);
	vigil_db_close(db);
	vigil_scales_free(scales);
	return 0;
}

/* RUNS runs of vigil_audit_verify_since as admin (it writes nothing
 * when there is a checkpoint to start from). */
static int cmd_since(const char *path, int runs)
{
	static double t[RUNS_MAX], c[RUNS_MAX];
	vigil_error err;
	vigil_db *db;
	vigil_session admin;
	vigil_audit_report r;
	if (vigil_db_open(path, &db, &err) != VIGIL_OK ||
	    session_for(db, ADMIN, ADMIN_PW, &admin, &err) != VIGIL_OK)
		return fail("open", &err);
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (vigil_audit_verify_since(&admin, NULL, 0, &r, &err) != VIGIL_OK)
			return fail("audit verify --since-checkpoint", &err);
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
	}
	report("since_ms", t, runs);
	report("since_cpu_ms", c, runs);
	printf("from_checkpoint %d\nthrough %lld\nentries %lld\nrecords %lld\nsigned %lld\n",
	       r.from_checkpoint, (long long)r.checkpoint_through, (long long)r.entries,
	       (long long)r.records, (long long)r.signed_rows);
	vigil_db_close(db);
	return 0;
}
#endif

static int cmd_record(const char *path, const char *user, const char *password, const char *mrn,
                      int n)
{
	static double t[RUNS_MAX];
	vigil_error err;
	vigil_db *db;
	vigil_scales *scales;
	vigil_session session;
	if (vigil_scales_load(&scales, &err) != VIGIL_OK || vigil_db_open(path, &db, &err) != VIGIL_OK)
		return fail("open", &err);
	double t0 = now_ms();
	if (vigil_login(db, user, password, &session, &err) != VIGIL_OK)
		return fail("login", &err);
	printf("login_ms %.3f\n", now_ms() - t0);
	const vigil_scale *cows = vigil_scales_find(scales, "cows");
	static const char *const words[] = { "hr=96", "sweating=1", "restlessness=3", "pupils=1",
		                             "aches=1", "nose=2", "gi=1", "tremor=1", "yawning=1",
		                             "anxiety=2", "gooseflesh=3" };
	vigil_sheet sheet;
	vigil_sheet_init(&sheet, cows);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (vigil_sheet_assign(&sheet, words[i], &err) != VIGIL_OK)
			return fail("sheet", &err);
	vigil_record_input in = { .mrn = mrn, .sheet = &sheet, .reason = "bench" };
	for (int i = -1; i < n; i++) { /* -1: a warm-up */
		int64_t id;
		t0 = now_ms();
		if (vigil_assessment_record(&session, &in, &id, &err) != VIGIL_OK)
			return fail("record", &err);
		if (i >= 0)
			t[i] = now_ms() - t0;
	}
	report("record_ms", t, n);
	vigil_db_close(db);
	vigil_scales_free(scales);
	return 0;
}

/* One argon2id run as the login makes it now (crypto_pwhash, 64 bytes)
 * and as it made it before (crypto_pwhash_str_verify), RUNS of each. */
static int cmd_argon2(int runs, unsigned char out[64])
{
	static double t[RUNS_MAX];
	static const char password[] = "bench-nurse1";
	unsigned char salt[crypto_pwhash_SALTBYTES];
	randombytes_buf(salt, sizeof salt);
	static double c[RUNS_MAX];
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (crypto_pwhash(out, 64, password, strlen(password), salt,
		                  crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
		                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
			fprintf(stderr, "verify_bench: crypto_pwhash failed\n");
			return 1;
		}
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
	}
	report("pwhash64_ms", t, runs);
	report("pwhash64_cpu_ms", c, runs);
	char str[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_alg(str, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0) {
		fprintf(stderr, "verify_bench: crypto_pwhash_str failed\n");
		return 1;
	}
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (crypto_pwhash_str_verify(str, password, strlen(password)) != 0) {
			fprintf(stderr, "verify_bench: crypto_pwhash_str_verify failed\n");
			return 1;
		}
		t[i] = now_ms() - t0;
		c[i] = cpu_ms() - c0;
	}
	report("pwhash_str_verify_ms", t, runs);
	report("pwhash_str_verify_cpu_ms", c, runs);
	return 0;
}

static int cmd_crypto(int runs, bool argon2)
{
	static double t[RUNS_MAX];
	if (sodium_init() < 0) {
		fprintf(stderr, "verify_bench: libsodium failed to initialise\n");
		return 1;
	}
	unsigned char out[64] = { 0 };
	if (!argon2)
		randombytes_buf(out, sizeof out);
	else if (cmd_argon2(runs, out) != 0)
		return 1;
	/* Ed25519 on a row hash as audit.c signs it: 64 hex digits. Batches
	 * of 1,000; the figure is microseconds per operation. */
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	unsigned char sig[crypto_sign_BYTES], bin[32];
	char hash[65], sig_hex[crypto_sign_BYTES * 2 + 1], pk_hex[65];
	crypto_sign_seed_keypair(pk, sk, out + 32);
	randombytes_buf(bin, sizeof bin);
	sodium_bin2hex(hash, sizeof hash, bin, sizeof bin);
	enum { OPS = 1000 };
	volatile int bad = 0;
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		for (int k = 0; k < OPS; k++) {
			hash[k % 64] = "0123456789abcdef"[k % 16];
			crypto_sign_detached(sig, NULL, (const unsigned char *)hash, 64, sk);
		}
		t[i] = (now_ms() - t0) * 1000 / OPS;
	}
	report("sign_us", t, runs);
	crypto_sign_detached(sig, NULL, (const unsigned char *)hash, 64, sk);
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		for (int k = 0; k < OPS; k++)
			bad += crypto_sign_verify_detached(sig, (const unsigned char *)hash, 64, pk) != 0;
		t[i] = (now_ms() - t0) * 1000 / OPS;
	}
	report("verify_us", t, runs);
	/* What valid_sig adds around the verify: two hex decodes. */
	sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
	sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		for (int k = 0; k < OPS; k++) {
			size_t len;
			bad += sodium_hex2bin(sig, sizeof sig, sig_hex, strlen(sig_hex), NULL, &len, NULL);
			bad += sodium_hex2bin(pk, sizeof pk, pk_hex, strlen(pk_hex), NULL, &len, NULL);
		}
		t[i] = (now_ms() - t0) * 1000 / OPS;
	}
	report("hex_us", t, runs);
	if (bad)
		fprintf(stderr, "verify_bench: %d failed checks\n", (int)bad);
	sodium_memzero(sk, sizeof sk);
	printf("# libsodium %s\n", sodium_version_string());
	return bad != 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: verify_bench build DB N\n"
	                "       verify_bench verify DB RUNS | since DB RUNS | add DB N\n"
	                "       verify_bench record DB USER PASSWORD MRN N\n"
	                "       verify_bench crypto RUNS\n"
	                "       verify_bench argon2 RUNS | ed25519 RUNS\n");
	return 2;
}

static int runs_arg(const char *text)
{
	int n = atoi(text);
	if (n < 1 || n > RUNS_MAX) {
		fprintf(stderr, "verify_bench: RUNS must be 1 to %d\n", RUNS_MAX);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && strcmp(argv[1], "build") == 0) {
		long long n = atoll(argv[3]);
		return n < 0 ? usage() : cmd_build(argv[2], n);
	}
	if (argc == 4 && strcmp(argv[1], "verify") == 0)
		return cmd_verify(argv[2], runs_arg(argv[3]));
#ifndef VIGIL_BENCH_OLD
	if (argc == 4 && strcmp(argv[1], "add") == 0)
		return cmd_add(argv[2], atoll(argv[3]));
	if (argc == 4 && strcmp(argv[1], "since") == 0)
		return cmd_since(argv[2], runs_arg(argv[3]));
#endif
	if (argc == 7 && strcmp(argv[1], "record") == 0)
		return cmd_record(argv[2], argv[3], argv[4], argv[5], runs_arg(argv[6]));
	if (argc == 3 && strcmp(argv[1], "crypto") == 0)
		return cmd_crypto(runs_arg(argv[2]), true);
	if (argc == 3 && strcmp(argv[1], "ed25519") == 0)
		return cmd_crypto(runs_arg(argv[2]), false);
	if (argc == 3 && strcmp(argv[1], "argon2") == 0) {
		unsigned char out[64];
		if (sodium_init() < 0)
			return 1;
		return cmd_argon2(runs_arg(argv[2]), out);
	}
	return usage();
}
