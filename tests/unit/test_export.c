/* test_export.c - the CSV writer, the config file, shifts across midnight
 * and daylight-saving changes, the shift summary, both exports read back
 * through libcsv's parser, atomic files, and the admissions import.
 *
 * The story: on a ward in Europe/London, Dr Clin and Nurse Nat look after
 * patients whose names and notes hold every character a CSV can trip on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csvout.h"
#include "vigil/assessment.h"
#include "vigil/audit.h"
#include "vigil/auth.h"
#include "vigil/config.h"
#include "vigil/db.h"
#include "vigil/chart.h"
#include "vigil/export.h"
#include "vigil/handover.h"
#include "vigil/import.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"

/* ---- a CSV table read back with libcsv ------------------------------- */

#define MAX_ROWS 64
#define MAX_COLS 80

struct table {
	char *cell[MAX_ROWS][MAX_COLS];
	size_t ncols[MAX_ROWS];
	size_t nrows, col;
};

static void on_field(void *s, size_t n, void *data)
{
	struct table *t = data;
	assert_true(t->nrows < MAX_ROWS && t->col < MAX_COLS);
	char *copy = malloc(n + 1);
	assert_non_null(copy);
	memcpy(copy, s, n);
	copy[n] = '\0';
	t->cell[t->nrows][t->col++] = copy;
}

static void on_row(int c, void *data)
{
	struct table *t = data;
	(void)c;
	t->ncols[t->nrows++] = t->col;
	t->col = 0;
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Parses text strictly; every record must end in CRLF. */
static void parse_csv(const char *text, size_t n, struct table *t)
{
	struct csv_parser p;
	memset(t, 0, sizeof *t);
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	csv_set_space_func(&p, no_space);
	assert_int_equal(csv_parse(&p, text, n, on_field, on_row, t), n);
	assert_int_equal(csv_fini(&p, on_field, on_row, t), 0);
	csv_free(&p);
	assert_true(n >= 2 && text[n - 2] == '\r' && text[n - 1] == '\n');
}

static void free_table(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols[r]; c++)
			free(t->cell[r][c]);
}

/* The cell of row r (1 = first data row) under the header name. */
static const char *cell(const struct table *t, size_t r, const char *name)
{
	for (size_t c = 0; c < t->ncols[0]; c++)
		if (strcmp(t->cell[0][c], name) == 0) {
			assert_true(r < t->nrows && c < t->ncols[r]);
			return t->cell[r][c];
		}
	fail_msg("no column %s", name);
	return NULL;
}

/* An export to memory: dest->out is a memstream. */
struct capture {
	char *text;
	size_t len;
	FILE *fp;
};

static vigil_export_dest capture_start(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->text, &c->len);
	assert_non_null(c->fp);
	return (vigil_export_dest){ .path = NULL, .out = c->fp };
}

static void capture_table(struct capture *c, struct table *t)
{
	fclose(c->fp);
	parse_csv(c->text, c->len, t);
	free(c->text);
}

/* ---- the writer ------------------------------------------------------ */

static const char *const tricky[] = {
	"plain", "a, comma", "say \"hi\"", "two\r\nlines", "bare\nLF", "=SUM(A1:A9)",
	"+44 20 7946 0000", "-1", "@cmd", "\tTAB", "\rCR", "Zoë Ångström 李小龍", "", "'quoted",
	"mid=dle", NULL
};

static void writer_round_trip(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	csv_out w;
	csvout_init(&w, fp);
	for (size_t i = 0; tricky[i]; i++)
		csvout_text(&w, tricky[i]);
	csvout_int(&w, -42);
	csvout_int(&w, 0);
	csvout_decimal(&w, 7.25);
	csvout_empty(&w);
	csvout_end_row(&w);
	assert_int_equal(csvout_finish(&w, "memory", NULL), VIGIL_OK);
	csvout_free(&w);
	fclose(fp);
	/* Numbers bare (a mean rounded half away from zero, with a point in
	 * any locale), text quoted, the row ends in CRLF. */
	assert_non_null(strstr(text, ",-42,0,7.3,\r\n"));
	assert_non_null(strstr(text, "\"'=SUM(A1:A9)\""));
	assert_non_null(strstr(text, "\"say \"\"hi\"\"\""));
	struct table t;
	parse_csv(text, len, &t);
	assert_int_equal(t.nrows, 1);
	size_t i = 0;
	for (; tricky[i]; i++) {
		const char *want = tricky[i];
		char prefixed[64];
		if (*want && strchr("=+-@\t\r", *want)) {
			snprintf(prefixed, sizeof prefixed, "'%s", want);
			want = prefixed;
		}
		assert_string_equal(t.cell[0][i], want);
	}
	assert_string_equal(t.cell[0][i], "-42");
	assert_string_equal(t.cell[0][i + 3], "");
	assert_int_equal(t.ncols[0], i + 4);
	free_table(&t);
	free(text);
}

/* A writer whose stream fails reports it at the end. */
static void writer_reports_failure(void **state)
{
	(void)state;
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	csv_out w;
	csvout_init(&w, fp);
	for (int i = 0; i < 20000; i++) {
		csvout_text(&w, "row");
		csvout_end_row(&w);
	}
	vigil_error err;
	assert_int_equal(csvout_finish(&w, "full", &err), VIGIL_EIO);
	assert_non_null(strstr(err.msg, "full: "));
	csvout_free(&w);
	fclose(fp);
}

/* ---- config and shifts ----------------------------------------------- */

static vigil_time at(const char *text)
{
	vigil_time t;
	assert_int_equal(vigil_time_parse(text, &t, NULL), VIGIL_OK);
	return t;
}

static void config_defaults_and_format(void **state)
{
	(void)state;
	vigil_config c;
	assert_int_equal(vigil_config_parse("c", "", &c, NULL), VIGIL_OK);
	assert_int_equal(c.nshifts, 2);
	assert_string_equal(c.shifts[0].name, "day");
	assert_int_equal(c.shifts[0].start, 7 * 60);
	assert_string_equal(c.shifts[1].name, "night");
	assert_int_equal(c.shifts[1].start, 19 * 60);
	assert_int_equal(vigil_config_parse("c",
	                                    "\xEF\xBB\xBF# ward 7\r\n\nward  Ward 7 (detox)\r\n"
	                                    "shift late 14:30\nshift\tearly 06:00  \n"
	                                    "  shift night 22:00\n",
	                                    &c, NULL),
	                 VIGIL_OK);
	assert_string_equal(c.ward, "Ward 7 (detox)");
	assert_int_equal(c.nshifts, 3);
	assert_string_equal(c.shifts[0].name, "early");
	assert_string_equal(c.shifts[1].name, "late");
	assert_int_equal(c.shifts[1].start, 14 * 60 + 30);
	assert_string_equal(c.shifts[2].name, "night");
}

static void config_errors(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "shift day 07:00\nshfit x 08:00\n", "c:2: unknown keyword 'shfit' (known: ward, shift, witness, export-dir)" },
		{ "export-dir exports\n", "c:1: export-dir: give an absolute path" },
		{ "export-dir /a\nexport-dir /b\n", "c:2: export-dir given twice" },
		{ "shift day 7:00\n", "c:1: shift day: '7:00' is not a start time (use HH:MM, 00:00 to 23:59)" },
		{ "shift day 24:00\n", "c:1: shift day: '24:00' is not a start time (use HH:MM, 00:00 to 23:59)" },
		{ "shift day\n", "c:1: shift needs a name and a start time: shift NAME HH:MM" },
		{ "shift day 07:00 19:00\n", "c:1: shift: unexpected text after the start time" },
		{ "shift day 07:00\nshift Day 08:00\n", "c:2: shift 'Day' given twice (first on line 1)" },
		{ "shift a 07:00\nshift b 07:00\n", "c:2: shifts 'a' and 'b' both start at 07:00" },
		{ "shift d/n 07:00\n", "c:1: shift name: '/' is not allowed (use letters, digits and -_)" },
		{ "ward A\nward B\n", "c:2: ward given twice (first on line 1)" },
		{ "ward\n", "c:1: ward: must not be empty" },
		{ "ward a\x01" "b\n", "c:1: control character U+0001 is not allowed" },
		{ "ward \xff\n", "c:1: not valid UTF-8 text" },
		{ "shift a 01:00\nshift b 02:00\nshift c 03:00\nshift d 04:00\nshift e 05:00\n"
		  "shift f 06:00\nshift g 07:00\nshift h 08:00\nshift i 09:00\n",
		  "c:9: more than 8 shifts" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		vigil_config c;
		vigil_error err = { 0 };
		assert_int_equal(vigil_config_parse("c", cases[i][0], &c, &err), VIGIL_EINVAL);
		assert_string_equal(err.msg, cases[i][1]);
	}
}

static void config_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/vigil-test-config-XXXXXX", path[256];
	assert_non_null(mkdtemp(dir));
	vigil_config c;
	vigil_error err;
	/* A missing file at the default place: the defaults. */
	unsetenv("VIGIL_CONFIG");
	setenv("XDG_CONFIG_HOME", dir, 1);
	assert_int_equal(vigil_config_load(NULL, &c, &err), VIGIL_OK);
	assert_int_equal(c.nshifts, 2);
	/* One named by VIGIL_CONFIG must exist. */
	snprintf(path, sizeof path, "%s/named", dir);
	setenv("VIGIL_CONFIG", path, 1);
	assert_int_equal(vigil_config_load(NULL, &c, &err), VIGIL_EIO);
	assert_non_null(strstr(err.msg, "No such file"));
	FILE *fp = fopen(path, "w");
	fputs("shift morning 08:00\nshift evening 20:00\nbogus\n", fp);
	fclose(fp);
	assert_int_equal(vigil_config_load(NULL, &c, &err), VIGIL_EINVAL);
	char want[400];
	snprintf(want, sizeof want, "%s:3: unknown keyword 'bogus' (known: ward, shift, witness, export-dir)", path);
	assert_string_equal(err.msg, want);
	unsetenv("VIGIL_CONFIG");
	unlink(path);
	rmdir(dir);
}

/* The export folder: the config's, else XDG_DATA_HOME's, else HOME's;
 * made private when missing. */
static void export_folder(void **state)
{
	(void)state;
	char dir[] = "/tmp/vigil-test-exports-XXXXXX", got[512], want[512];
	assert_non_null(mkdtemp(dir));
	vigil_config c;
	vigil_error err;
	struct stat st;
	assert_int_equal(vigil_config_parse("c", "export-dir /ward/exports \n", &c, &err), VIGIL_OK);
	assert_string_equal(c.export_dir, "/ward/exports");
	vigil_config_defaults(&c);
	setenv("XDG_DATA_HOME", dir, 1);
	assert_int_equal(vigil_config_export_dir(&c, got, sizeof got, &err), VIGIL_OK);
	snprintf(want, sizeof want, "%s/vigil/exports", dir);
	assert_string_equal(got, want);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	unsetenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *saved = home ? strdup(home) : NULL;
	setenv("HOME", dir, 1);
	assert_int_equal(vigil_config_export_dir(&c, got, sizeof got, &err), VIGIL_OK);
	snprintf(want, sizeof want, "%s/.local/share/vigil/exports", dir);
	assert_string_equal(got, want);
	snprintf(c.export_dir, sizeof c.export_dir, "%s/ward/out/", dir);
	assert_int_equal(vigil_config_export_dir(&c, got, sizeof got, &err), VIGIL_OK);
	snprintf(want, sizeof want, "%s/ward/out", dir);
	assert_string_equal(got, want);
	assert_int_equal(stat(want, &st), 0);
	/* A file where the folder should be: said, naming it. */
	snprintf(c.export_dir, sizeof c.export_dir, "%s/ward/out/x", dir);
	FILE *fp = fopen(c.export_dir, "w");
	fclose(fp);
	assert_int_equal(vigil_config_export_dir(&c, got, sizeof got, &err), VIGIL_EIO);
	snprintf(want, sizeof want, "export folder %s/ward/out/x: not a folder", dir);
	assert_string_equal(err.msg, want);
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void shift_of_a_time(void **state)
{
	(void)state;
	vigil_config c;
	vigil_shift s;
	vigil_config_defaults(&c);
	assert_int_equal(vigil_shift_at(&c, at("2026-06-10 12:00"), &s, NULL), VIGIL_OK);
	assert_string_equal(s.name, "day");
	assert_string_equal(s.date, "2026-06-10");
	assert_int_equal(s.start, at("2026-06-10 07:00"));
	assert_int_equal(s.end, at("2026-06-10 19:00"));
	/* Before 07:00 it is still the night that began yesterday. */
	assert_int_equal(vigil_shift_at(&c, at("2026-06-11 03:00"), &s, NULL), VIGIL_OK);
	assert_string_equal(s.name, "night");
	assert_string_equal(s.date, "2026-06-10");
	assert_int_equal(vigil_shift_at(&c, at("2026-06-10 19:00"), &s, NULL), VIGIL_OK);
	assert_string_equal(s.date, "2026-06-10");
	assert_int_equal(s.end, at("2026-06-11 07:00"));
	/* The latest night to have started, seen from the next morning. */
	assert_int_equal(vigil_shift_latest(&c, "NIGHT", at("2026-06-11 10:00"), &s, NULL),
	                 VIGIL_OK);
	assert_string_equal(s.date, "2026-06-10");
	assert_int_equal(vigil_shift_latest(&c, "night", at("2026-06-11 20:00"), &s, NULL),
	                 VIGIL_OK);
	assert_string_equal(s.date, "2026-06-11");
	vigil_error err;
	assert_int_equal(vigil_shift_on(&c, "2026-06-10", "late", &s, &err), VIGIL_ENOTFOUND);
	assert_string_equal(err.msg, "unknown shift 'late' (shifts: day, night)");
	assert_int_equal(vigil_shift_on(&c, "2026-02-30", "day", &s, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "'2026-02-30' is not a date (use YYYY-MM-DD)");
}

/* Europe/London: clocks go back at 02:00 on 25 October 2026 and forward at
 * 01:00 on 29 March 2026. */
static void night_across_daylight_saving(void **state)
{
	(void)state;
	vigil_config c;
	vigil_shift s;
	vigil_config_defaults(&c);
	assert_int_equal(vigil_shift_on(&c, "2026-10-24", "night", &s, NULL), VIGIL_OK);
	assert_int_equal(s.start, at("2026-10-24T18:00Z"));
	assert_int_equal(s.end, at("2026-10-25T07:00Z"));
	assert_int_equal(s.end - s.start, 13 * 3600);
	assert_int_equal(vigil_shift_on(&c, "2026-03-28", "night", &s, NULL), VIGIL_OK);
	assert_int_equal(s.end - s.start, 11 * 3600);
	assert_int_equal(s.end, at("2026-03-29T06:00Z"));
	/* 01:30 GMT after the change is still that night. */
	assert_int_equal(vigil_shift_at(&c, at("2026-10-25T01:30Z"), &s, NULL), VIGIL_OK);
	assert_string_equal(s.date, "2026-10-24");
	assert_string_equal(s.name, "night");
	assert_int_equal(vigil_shift_on(&c, "2026-10-25", "day", &s, NULL), VIGIL_OK);
	assert_int_equal(s.end - s.start, 12 * 3600);
}

/* ---- a ward ------------------------------------------------------------ */

static struct ward {
	char dir[64], path[128];
	vigil_db *db;
	vigil_session admin, nurse, clin;
	vigil_scales *scales;
	vigil_protocols *protocols;
	int64_t void_id, amended_id, fix_id, cows_id;
	/* The chart of the night: doses, vital signs, notes. */
	int64_t dose_amended, dose_fix, dose_void, vitals_amended, vitals_fix, note_void;
	int64_t note_late;
} W;

static void ok(vigil_status s, const vigil_error *err)
{
	if (s != VIGIL_OK)
		fail_msg("%s", err->msg);
}

static int64_t record(vigil_session *who, const char *mrn, const char *scale_key,
                      const char *const *scores, const char *when, const char *reason,
                      const char *note)
{
	const vigil_scale *scale;
	vigil_sheet sheet;
	vigil_error err;
	ok(vigil_scales_lookup(W.scales, scale_key, &scale, &err), &err);
	vigil_sheet_init(&sheet, scale);
	for (; *scores; scores++)
		ok(vigil_sheet_assign(&sheet, *scores, &err), &err);
	vigil_record_input in = { .mrn = mrn, .sheet = &sheet, .performed_at = at(when),
		                  .reason = reason, .note = note };
	int64_t id;
	ok(vigil_assessment_record(who, &in, &id, &err), &err);
	return id;
}

static int64_t craving(const char *mrn, int score, const char *when)
{
	char arg[32];
	snprintf(arg, sizeof arg, "craving=%d", score);
	const char *scores[] = { arg, NULL };
	return record(&W.nurse, mrn, "craving", scores, when, "4-hourly", "");
}

static void admit(const char *mrn, const char *name, const char *bed, const char *when)
{
	vigil_error err;
	ok(vigil_patient_admit(&W.nurse, mrn, name, bed, at(when), NULL, &err), &err);
}

/* The night of 24 October 2026 runs 19:00 BST to 07:00 GMT (13 hours). */
static void seed(void)
{
	vigil_error err;
	admit("M1", "O'Brien, \"Jo\"", "1", "2026-10-24 12:00");
	admit("M2", "=cmd|' /C calc'!A0", "2", "2026-10-24 12:00");
	admit("M3", "Zoë Ångström", "10", "2026-10-24 12:00");
	admit("M4", "-Minus", "3", "2026-10-24 12:00");
	admit("M5", "@at", "4", "2026-10-25 08:00");
	ok(vigil_patient_discharge(&W.nurse, "M4", at("2026-10-24 18:00"), &err), &err);
	W.void_id = craving("M1", 7, "2026-10-24 20:00");
	craving("M1", 9, "2026-10-25T01:30Z"); /* after the clocks went back */
	W.amended_id = craving("M1", 3, "2026-10-25 06:00");
	static const char *const cows[] = { "hr=112", "sweating=1", "restlessness=3", "pupils=1",
		                            "aches=2", "nose=1", "gi=2", "tremor=1", "yawning=1",
		                            "anxiety=2", "gooseflesh=0", NULL };
	W.cows_id = record(&W.clin, "M1", "cows", cows, "2026-10-24 23:00", "+4-hourly",
	                   "note, with \"quotes\" and =1+2");
	craving("M3", 2, "2026-10-24 18:59"); /* the day shift */
	craving("M3", 5, "2026-10-25 07:00"); /* the next day shift */
	const vigil_scale *scale;
	vigil_sheet sheet;
	ok(vigil_scales_lookup(W.scales, "craving", &scale, &err), &err);
	vigil_sheet_init(&sheet, scale);
	ok(vigil_sheet_assign(&sheet, "craving=4", &err), &err);
	ok(vigil_assessment_amend(&W.clin, W.amended_id, &sheet, "=typo", &W.fix_id, &err), &err);
	ok(vigil_assessment_void(&W.nurse, W.void_id, "wrong patient", &err), &err);
}

static int64_t dose(vigil_session *who, const char *mrn, const char *drug, const char *amount,
                    const char *unit, const char *route, vigil_dose_kind kind,
                    const char *when, const char *reason)
{
	vigil_dose_input in = { .mrn = mrn, .drug = drug, .amount = amount, .unit = unit,
		                .route = route, .kind = kind, .reason = reason, .at = at(when) };
	int64_t id;
	vigil_error err;
	ok(vigil_dose_record(who, W.protocols, &in, &id, NULL, &err), &err);
	return id;
}

static int64_t vitals(const char *mrn, const char *when, const char *note, ...)
{
	va_list ap;
	char args[6][32];
	vigil_vitals_input in = { .mrn = mrn, .at = at(when), .note = note };
	vigil_error err;
	va_start(ap, note);
	for (size_t n = 0; n < 6; n++) {
		const char *arg = va_arg(ap, const char *);
		if (!arg)
			break;
		snprintf(args[n], sizeof args[n], "%s", arg);
		ok(vigil_vitals_arg(args[n], &in, &err), &err);
	}
	va_end(ap);
	int64_t id;
	ok(vigil_vitals_record(&W.nurse, W.protocols, &in, &id, &err), &err);
	return id;
}

static int64_t note(vigil_session *who, const char *mrn, const char *text, const char *when)
{
	int64_t id;
	vigil_error err;
	ok(vigil_note_record(who, mrn, text, at(when), &id, &err), &err);
	return id;
}

/* M1's night on the chart: lorazepam 2 mg corrected to 1 mg, 4 mg IV,
 * paracetamol 1 g and 500 mg (1.5 g), an ondansetron entered in error;
 * vital signs at 20:30 (corrected), with the COWS at 23:00 (its pulse) and
 * at 05:00 with a fever; two notes and one entered in error. M3 reaches
 * lorazepam's 24-hour maximum in the day. */
static void seed_chart(void)
{
	vigil_error err;
	vigil_chart_entry e;
	W.dose_amended = dose(&W.nurse, "M1", "lorazepam", "2", "mg", "po", VIGIL_DOSE_PRN,
	                      "2026-10-24 21:00", "agitated, CIWA not done");
	dose(&W.clin, "M1", "LORAZEPAM", "4", "MG", "IV", VIGIL_DOSE_SCHEDULED,
	     "2026-10-25 00:30", NULL);
	dose(&W.nurse, "M1", "paracetamol", "1", "g", "PO", VIGIL_DOSE_UNSPECIFIED,
	     "2026-10-24 22:00", "=headache");
	dose(&W.nurse, "M1", "paracetamol", "500", "mg", "PO", VIGIL_DOSE_PRN,
	     "2026-10-25T03:00Z", NULL);
	W.dose_void = dose(&W.nurse, "M1", "ondansetron", "4", "mg", "PO", VIGIL_DOSE_PRN,
	                   "2026-10-24 23:00", NULL);
	ok(vigil_chart_get(&W.clin, W.dose_amended, &e, &err), &err);
	e.dose.amount = 1000;
	ok(vigil_chart_amend(&W.clin, W.protocols, W.dose_amended, &e, "misread the chart",
	                     &W.dose_fix, &err), &err);
	ok(vigil_chart_void(&W.nurse, W.dose_void, "wrong patient", &err), &err);
	W.vitals_amended = vitals("M1", "2026-10-24 20:30", "", "hr=130", "bp=150/95",
	                          "temp=37.2", NULL);
	ok(vigil_chart_get(&W.clin, W.vitals_amended, &e, &err), &err);
	e.vitals.value[VIGIL_VITAL_HR] = 128;
	ok(vigil_chart_amend(&W.clin, W.protocols, W.vitals_amended, &e, "recounted", &W.vitals_fix,
	                     &err), &err);
	vitals("M1", "2026-10-25 05:00", "after a cold sweat", "hr=88", "temp=38.2", "rr=16",
	       "spo2=97", NULL);
	note(&W.nurse, "M1", "Anxious, asked for \"Jo's\" sister to be called.", "2026-10-24 21:15");
	W.note_void = note(&W.nurse, "M1", "wrong bed", "2026-10-24 22:10");
	ok(vigil_chart_void(&W.nurse, W.note_void, "meant for bed 2", &err), &err);
	W.note_late = note(&W.clin, "M1", "Slept from 02:00; settled.", "2026-10-25T02:30Z");
	ok(vigil_last_use_record(&W.nurse, W.protocols, "M1", "short-acting", at("2026-10-24 10:00"),
	                         NULL, NULL, &err), &err);
	dose(&W.nurse, "M3", "lorazepam", "4", "mg", "PO", VIGIL_DOSE_PRN, "2026-10-25 08:00", NULL);
	dose(&W.nurse, "M3", "lorazepam", "4", "mg", "PO", VIGIL_DOSE_PRN, "2026-10-25 09:00", NULL);
	dose(&W.nurse, "M3", "lorazepam", "4", "mg", "PO", VIGIL_DOSE_PRN, "2026-10-25 10:00", NULL);
}

static int ward_setup(void **state)
{
	(void)state;
	vigil_error err;
	snprintf(W.dir, sizeof W.dir, "/tmp/vigil-test-export-XXXXXX");
	assert_non_null(mkdtemp(W.dir));
	snprintf(W.path, sizeof W.path, "%s/ward.db", W.dir);
	vigil_clock_pin(at("2026-10-25 12:00"));
	ok(vigil_db_create(W.path, true, &W.db, &err), &err);
	ok(vigil_init_admin(W.db, "admin", "Ann Admin", "admin-pass-1", &err), &err);
	ok(vigil_login(W.db, "admin", "admin-pass-1", &W.admin, &err), &err);
	ok(vigil_user_add(&W.admin, "nat", VIGIL_ROLE_NURSE, "Nurse Nat", "nurse-pass-1", &err),
	   &err);
	ok(vigil_user_add(&W.admin, "clin", VIGIL_ROLE_CLINICIAN, "Dr Clin", "clin-pass-1", &err),
	   &err);
	ok(vigil_login(W.db, "nat", "nurse-pass-1", &W.nurse, &err), &err);
	ok(vigil_login(W.db, "clin", "clin-pass-1", &W.clin, &err), &err);
	ok(vigil_scales_load(&W.scales, &err), &err);
	ok(vigil_protocols_load(&W.admin, W.scales, &W.protocols, &err), &err);
	seed();
	seed_chart();
	return 0;
}

static int ward_teardown(void **state)
{
	(void)state;
	char cmd[128];
	vigil_protocols_free(W.protocols);
	vigil_scales_free(W.scales);
	vigil_db_close(W.db);
	vigil_clock_pin(0);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", W.dir);
	return system(cmd);
}

static void night_shift(vigil_shift *s)
{
	vigil_config c;
	vigil_config_defaults(&c);
	assert_int_equal(vigil_shift_on(&c, "2026-10-24", "night", s, NULL), VIGIL_OK);
}

/* ---- shift summary ----------------------------------------------------- */

static void shift_summary_csv(void **state)
{
	(void)state;
	vigil_shift night;
	night_shift(&night);
	struct capture c;
	vigil_export_dest dest = capture_start(&c);
	size_t rows;
	vigil_error err;
	ok(vigil_export_shifts(&W.clin, W.protocols, &night, 1, &dest, &rows, &err), &err);
	struct table t;
	capture_table(&c, &t);
	/* A training database's file: its own first column, then the ward's. */
	static const char *const header[] = { "training", "shift", "date", "bed", "mrn", "name",
		                              "scale", "assessments", "first", "last", "lowest",
		                              "highest", "mean", "last_band", "highest_at",
		                              "performers", "missed", "not_done", "doses",
		                              "dose_totals" };
	assert_int_equal(t.ncols[0], 20);
	for (size_t i = 0; i < 20; i++)
		assert_string_equal(t.cell[0][i], header[i]);
	/* M1 on two scales, M2 and M3 without any: beds 1, 2, 10. M4 left
	 * before the night, M5 came after it. */
	assert_int_equal(rows, 4);
	assert_int_equal(t.nrows, 5);
	assert_string_equal(cell(&t, 1, "mrn"), "M1");
	assert_string_equal(cell(&t, 1, "name"), "O'Brien, \"Jo\"");
	assert_string_equal(cell(&t, 1, "scale"), "cows");
	assert_string_equal(cell(&t, 1, "assessments"), "1");
	assert_string_equal(cell(&t, 1, "highest"), "16");
	assert_string_equal(cell(&t, 1, "last_band"), "moderate");
	assert_string_equal(cell(&t, 1, "performers"), "clin");
	/* COWS 16 at 23:00 BST: hourly, 23:00Z to 06:00Z (the hour from
	 * 01:00 twice) all missed by the end of the night. */
	assert_string_equal(cell(&t, 1, "missed"), "8");
	assert_string_equal(cell(&t, 1, "not_done"), "0");
	/* The voided 7 is out, the amended 3 counts as its correction, 4. */
	assert_string_equal(cell(&t, 2, "scale"), "craving");
	assert_string_equal(cell(&t, 2, "assessments"), "2");
	assert_string_equal(cell(&t, 2, "first"), "9");
	assert_string_equal(cell(&t, 2, "last"), "4");
	assert_string_equal(cell(&t, 2, "lowest"), "4");
	assert_string_equal(cell(&t, 2, "highest"), "9");
	assert_string_equal(cell(&t, 2, "mean"), "6.5");
	assert_string_equal(cell(&t, 2, "highest_at"), "2026-10-25T01:30:00+00:00");
	assert_string_equal(cell(&t, 2, "performers"), "nat");
	assert_string_equal(cell(&t, 2, "missed"), "0"); /* craving: no protocol */
	/* The doses given to M1 in the night, on their first row only: the
	 * corrected lorazepam counts as 1 mg, the ondansetron entered in
	 * error not at all, 1 g and 500 mg of paracetamol add up in g. */
	assert_string_equal(cell(&t, 1, "doses"), "4");
	assert_string_equal(cell(&t, 1, "dose_totals"),
	                    "lorazepam 2 doses 5 mg; paracetamol 2 doses 1.5 g");
	assert_string_equal(cell(&t, 2, "doses"), "");
	assert_string_equal(cell(&t, 2, "dose_totals"), "");
	assert_string_equal(cell(&t, 3, "name"), "'=cmd|' /C calc'!A0");
	assert_string_equal(cell(&t, 3, "assessments"), "0");
	assert_string_equal(cell(&t, 3, "scale"), "");
	assert_string_equal(cell(&t, 3, "mean"), "");
	assert_string_equal(cell(&t, 4, "bed"), "10");
	assert_string_equal(cell(&t, 4, "name"), "Zoë Ångström");
	assert_string_equal(cell(&t, 4, "assessments"), "0");
	assert_string_equal(cell(&t, 4, "missed"), "0");
	assert_string_equal(cell(&t, 4, "not_done"), "0");
	assert_string_equal(cell(&t, 4, "doses"), "0"); /* M3's lorazepam is the day's */
	assert_string_equal(cell(&t, 4, "dose_totals"), "");
	for (size_t r = 1; r < t.nrows; r++) {
		assert_string_equal(t.cell[r][0], "TRAINING");
		assert_string_equal(cell(&t, r, "shift"), "night");
		assert_string_equal(cell(&t, r, "date"), "2026-10-24");
	}
	free_table(&t);
}

/* The next day, up to noon: nobody assessed M1's COWS, still hourly, so
 * it has a row with no assessment and 5 missed (07:00 to 11:00); M3's
 * craving (no protocol) has its assessment and nothing missed. */
static void shift_summary_missed_row(void **state)
{
	(void)state;
	vigil_config cfg;
	vigil_shift day;
	vigil_config_defaults(&cfg);
	assert_int_equal(vigil_shift_on(&cfg, "2026-10-25", "day", &day, NULL), VIGIL_OK);
	struct capture c;
	vigil_export_dest dest = capture_start(&c);
	size_t rows;
	vigil_error err;
	ok(vigil_export_shifts(&W.clin, W.protocols, &day, 1, &dest, &rows, &err), &err);
	struct table t;
	capture_table(&c, &t);
	assert_int_equal(rows, 4); /* M1 cows, M2, M5 (bed 4), M3 craving */
	assert_string_equal(cell(&t, 1, "mrn"), "M1");
	assert_string_equal(cell(&t, 1, "scale"), "cows");
	assert_string_equal(cell(&t, 1, "assessments"), "0");
	assert_string_equal(cell(&t, 1, "first"), "");
	assert_string_equal(cell(&t, 1, "performers"), "");
	assert_string_equal(cell(&t, 1, "missed"), "5");
	assert_string_equal(cell(&t, 1, "not_done"), "0");
	assert_string_equal(cell(&t, 2, "mrn"), "M2");
	assert_string_equal(cell(&t, 2, "scale"), "");
	assert_string_equal(cell(&t, 3, "mrn"), "M5");
	assert_string_equal(cell(&t, 4, "mrn"), "M3");
	assert_string_equal(cell(&t, 4, "scale"), "craving");
	assert_string_equal(cell(&t, 4, "missed"), "0");
	assert_string_equal(cell(&t, 4, "doses"), "3");
	assert_string_equal(cell(&t, 4, "dose_totals"), "lorazepam 3 doses 12 mg");
	free_table(&t);
}

static void shift_summary_empty(void **state)
{
	(void)state;
	vigil_config cfg;
	vigil_shift day;
	vigil_config_defaults(&cfg);
	assert_int_equal(vigil_shift_on(&cfg, "2026-10-20", "day", &day, NULL), VIGIL_OK);
	struct capture c;
	vigil_export_dest dest = capture_start(&c);
	size_t rows = 99;
	vigil_error err;
	ok(vigil_export_shifts(&W.admin, W.protocols, &day, 1, &dest, &rows, &err), &err);
	struct table t;
	capture_table(&c, &t);
	assert_int_equal(rows, 0);
	assert_int_equal(t.nrows, 1); /* the header alone, no footer */
	free_table(&t);
}

/* ---- observations -------------------------------------------------------- */

static size_t find_row(const struct table *t, int64_t id)
{
	char want[24];
	snprintf(want, sizeof want, "%lld", (long long)id);
	for (size_t r = 1; r < t->nrows; r++)
		if (strcmp(cell(t, r, "id"), want) == 0)
			return r;
	return 0;
}

static void export_all(const vigil_export_filter *f, struct table *t, size_t *rows)
{
	struct capture c;
	vigil_export_dest dest = capture_start(&c);
	vigil_error err;
	ok(vigil_export_observations(&W.clin, W.scales, f, &dest, rows, &err), &err);
	capture_table(&c, t);
}

static void observations_current(void **state)
{
	(void)state;
	vigil_export_filter f = { 0 };
	struct table t;
	size_t rows;
	export_all(&f, &t, &rows);
	/* 6 recorded + 1 correction, less the amended and the voided one. */
	assert_int_equal(rows, 5);
	assert_int_equal(t.nrows, 6);
	assert_int_equal(find_row(&t, W.void_id), 0);
	assert_int_equal(find_row(&t, W.amended_id), 0);
	size_t fix = find_row(&t, W.fix_id), cows = find_row(&t, W.cows_id);
	assert_true(fix && cows);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)W.amended_id);
	assert_string_equal(cell(&t, fix, "supersedes"), id);
	assert_string_equal(cell(&t, fix, "amend_reason"), "'=typo");
	assert_string_equal(cell(&t, fix, "performer"), "nat");
	assert_string_equal(cell(&t, fix, "entered_by"), "clin");
	assert_string_equal(cell(&t, fix, "status"), "corrected");
	assert_string_equal(cell(&t, fix, "craving.craving"), "4");
	assert_string_equal(cell(&t, fix, "cows.pulse"), "");
	assert_string_equal(cell(&t, fix, "performed_at"), "2026-10-25T06:00:00+00:00");
	assert_string_equal(cell(&t, cows, "performed_at"), "2026-10-24T23:00:00+01:00");
	assert_string_equal(cell(&t, cows, "entered_at"), "2026-10-25T12:00:00+00:00");
	assert_string_equal(cell(&t, cows, "late"), "1");
	assert_string_equal(cell(&t, cows, "reason"), "'+4-hourly");
	assert_string_equal(cell(&t, cows, "note"), "note, with \"quotes\" and =1+2");
	assert_string_equal(cell(&t, cows, "cows.pulse"), "2");
	assert_string_equal(cell(&t, cows, "cows.pulse.hr"), "112");
	assert_string_equal(cell(&t, cows, "cows.restlessness"), "3");
	assert_string_equal(cell(&t, cows, "total"), "16");
	assert_string_equal(cell(&t, cows, "max_total"), "48");
	assert_string_equal(cell(&t, cows, "craving.craving"), "");
	assert_string_equal(cell(&t, cows, "sows.craving"), "");
	/* Oldest first. */
	assert_true(cows < fix);
	free_table(&t);
}

static void observations_all_flagged(void **state)
{
	(void)state;
	vigil_export_filter f = { .all = true, .mrn = "M1", .scale = "CRAVING" };
	struct table t;
	size_t rows;
	export_all(&f, &t, &rows);
	assert_int_equal(rows, 4);
	assert_int_equal(t.ncols[0], 22); /* training, 20 and craving.craving */
	assert_string_equal(cell(&t, 1, "name"), "O'Brien, \"Jo\"");
	assert_string_equal(cell(&t, 1, "bed"), "1");
	assert_string_equal(cell(&t, 1, "definition"), ""); /* the built-in one */
	assert_string_equal(t.cell[0][0], "training");
	assert_string_equal(t.cell[0][1], "id");
	for (size_t r = 1; r < t.nrows; r++)
		assert_string_equal(cell(&t, r, "training"), "TRAINING");
	size_t voided = find_row(&t, W.void_id), amended = find_row(&t, W.amended_id);
	assert_string_equal(cell(&t, voided, "status"), "entered-in-error");
	assert_string_equal(cell(&t, voided, "void_reason"), "wrong patient");
	assert_string_equal(cell(&t, amended, "status"), "amended");
	assert_string_equal(cell(&t, amended, "craving.craving"), "3");
	assert_string_equal(cell(&t, find_row(&t, W.fix_id), "status"), "corrected");
	free_table(&t);
}

static void observations_range(void **state)
{
	(void)state;
	vigil_export_filter f = { .from = at("2026-10-24 19:00"), .to = at("2026-10-25 07:00") };
	struct table t;
	size_t rows;
	export_all(&f, &t, &rows);
	assert_int_equal(rows, 3); /* the night: cows, 9 and the corrected 4 */
	free_table(&t);
	/* To must be later than From: the core's rule, nothing written. */
	vigil_export_filter backwards = { .from = at("2026-10-25 07:00"), .to = at("2026-10-25 07:00") };
	vigil_error err;
	assert_int_equal(vigil_export_filter_check(&backwards, &err), VIGIL_EINVAL);
	assert_string_equal(err.msg, "To must be later than From");
	vigil_export_filter open_ended = { .to = at("2026-10-25 07:00") };
	assert_int_equal(vigil_export_filter_check(&open_ended, &err), VIGIL_OK);
	struct capture c;
	vigil_export_dest dest = capture_start(&c);
	assert_int_equal(vigil_export_observations(&W.clin, W.scales, &backwards, &dest, &rows, &err),
	                 VIGIL_EINVAL);
	assert_int_equal(vigil_export_doses(&W.clin, W.protocols, &backwards, &dest, &rows, &err),
	                 VIGIL_EINVAL);
	fclose(c.fp);
	assert_int_equal(c.len, 0);
	free(c.text);
	vigil_export_filter unknown = { .mrn = "NOPE" };
	dest = capture_start(&c);
	assert_int_equal(vigil_export_observations(&W.clin, W.scales, &unknown, &dest, &rows, &err),
	                 VIGIL_ENOTFOUND);
	fclose(c.fp);
	assert_int_equal(c.len, 0); /* nothing written */
	free(c.text);
}

/* ---- doses, vital signs, notes ------------------------------------------ */

enum chart_kind { DOSES, VITALS, NOTES };

static vigil_status chart_export(vigil_session *who, enum chart_kind kind,
                                 const vigil_export_filter *f, const vigil_export_dest *dest,
                                 size_t *rows, vigil_error *err)
{
	switch (kind) {
	case DOSES: return vigil_export_doses(who, W.protocols, f, dest, rows, err);
	case VITALS: return vigil_export_vitals(who, W.protocols, f, dest, rows, err);
	default: return vigil_export_notes(who, f, dest, rows, err);
	}
}

static void chart_table(enum chart_kind kind, const vigil_export_filter *f, struct table *t,
                        size_t *rows)
{
	struct capture c;
	vigil_export_dest dest = capture_start(&c);
	vigil_error err;
	ok(chart_export(&W.clin, kind, f, &dest, rows, &err), &err);
	capture_table(&c, t);
}

/* The row whose id is the entry named letter and id ("D12"). */
static size_t entry_row(const struct table *t, char letter, int64_t id)
{
	char want[24];
	snprintf(want, sizeof want, "%c%lld", letter, (long long)id);
	for (size_t r = 1; r < t->nrows; r++)
		if (strcmp(cell(t, r, "id"), want) == 0)
			return r;
	fail_msg("no row %s", want);
	return 0;
}

static void header_is(const struct table *t, const char *const *names, size_t n)
{
	assert_int_equal(t->ncols[0], n + 1);
	assert_string_equal(t->cell[0][0], "training");
	for (size_t i = 0; i < n; i++)
		assert_string_equal(t->cell[0][i + 1], names[i]);
}

static void doses_current(void **state)
{
	(void)state;
	static const char *const columns[] = {
		"id", "mrn", "name", "bed", "given_at", "drug", "amount", "unit", "route", "kind",
		"reason", "note", "given_by", "entered_at", "entered_by", "late", "status",
		"supersedes", "amend_reason", "void_reason"
	};
	vigil_export_filter f = { 0 };
	struct table t;
	size_t rows;
	chart_table(DOSES, &f, &t, &rows);
	header_is(&t, columns, 20);
	/* M1's four current doses and M3's three; oldest first. */
	assert_int_equal(rows, 7);
	size_t fix = entry_row(&t, 'D', W.dose_fix);
	assert_int_equal(fix, 1);
	char was[24];
	snprintf(was, sizeof was, "D%lld", (long long)W.dose_amended);
	assert_string_equal(cell(&t, fix, "training"), "TRAINING");
	assert_string_equal(cell(&t, fix, "mrn"), "M1");
	assert_string_equal(cell(&t, fix, "name"), "O'Brien, \"Jo\"");
	assert_string_equal(cell(&t, fix, "bed"), "1");
	assert_string_equal(cell(&t, fix, "given_at"), "2026-10-24T21:00:00+01:00");
	assert_string_equal(cell(&t, fix, "drug"), "lorazepam");
	assert_string_equal(cell(&t, fix, "amount"), "1");
	assert_string_equal(cell(&t, fix, "unit"), "mg");
	assert_string_equal(cell(&t, fix, "route"), "PO");
	assert_string_equal(cell(&t, fix, "kind"), "prn");
	assert_string_equal(cell(&t, fix, "reason"), "agitated, CIWA not done");
	assert_string_equal(cell(&t, fix, "given_by"), "nat");
	assert_string_equal(cell(&t, fix, "entered_at"), "2026-10-25T12:00:00+00:00");
	assert_string_equal(cell(&t, fix, "entered_by"), "clin");
	assert_string_equal(cell(&t, fix, "late"), "1");
	assert_string_equal(cell(&t, fix, "status"), "corrected");
	assert_string_equal(cell(&t, fix, "supersedes"), was);
	assert_string_equal(cell(&t, fix, "amend_reason"), "misread the chart");
	assert_string_equal(cell(&t, fix, "void_reason"), "");
	/* 1 g and 500 mg as given; a reason like a formula neutralised. */
	assert_string_equal(cell(&t, 2, "amount"), "1");
	assert_string_equal(cell(&t, 2, "unit"), "g");
	assert_string_equal(cell(&t, 2, "kind"), "");
	assert_string_equal(cell(&t, 2, "reason"), "'=headache");
	assert_string_equal(cell(&t, 3, "route"), "IV");
	assert_string_equal(cell(&t, 3, "kind"), "scheduled");
	assert_string_equal(cell(&t, 3, "given_by"), "clin");
	assert_string_equal(cell(&t, 3, "supersedes"), "");
	assert_string_equal(cell(&t, 4, "amount"), "500");
	assert_string_equal(cell(&t, 5, "name"), "Zoë Ångström");
	assert_string_equal(cell(&t, 5, "bed"), "10");
	free_table(&t);
}

static void doses_all_and_filters(void **state)
{
	(void)state;
	vigil_export_filter f = { .all = true, .mrn = "M1" };
	struct table t;
	size_t rows;
	chart_table(DOSES, &f, &t, &rows);
	assert_int_equal(rows, 6); /* and the amended and the voided ones */
	size_t was = entry_row(&t, 'D', W.dose_amended), bad = entry_row(&t, 'D', W.dose_void);
	assert_string_equal(cell(&t, was, "status"), "amended");
	assert_string_equal(cell(&t, was, "amount"), "2");
	assert_string_equal(cell(&t, bad, "status"), "entered-in-error");
	assert_string_equal(cell(&t, bad, "void_reason"), "wrong patient");
	assert_string_equal(cell(&t, bad, "drug"), "ondansetron");
	free_table(&t);
	vigil_export_filter drug = { .drug = "PARACETAMOL", .from = at("2026-10-24 19:00"),
		                     .to = at("2026-10-25 07:00") };
	chart_table(DOSES, &drug, &t, &rows);
	assert_int_equal(rows, 2);
	assert_string_equal(cell(&t, 1, "drug"), "paracetamol");
	assert_string_equal(cell(&t, 2, "drug"), "paracetamol");
	free_table(&t);
	/* An unknown drug or patient: refused before anything is written. */
	struct capture c;
	vigil_export_dest dest = capture_start(&c);
	vigil_error err;
	vigil_export_filter bad_drug = { .drug = "aspirin" };
	assert_int_equal(vigil_export_doses(&W.clin, W.protocols, &bad_drug, &dest, &rows, &err),
	                 VIGIL_EINVAL);
	assert_non_null(strstr(err.msg, "unknown drug 'aspirin' (use buprenorphine, "));
	vigil_export_filter nobody = { .mrn = "NOPE" };
	assert_int_equal(vigil_export_vitals(&W.clin, W.protocols, &nobody, &dest, &rows, &err),
	                 VIGIL_ENOTFOUND);
	fclose(c.fp);
	assert_int_equal(c.len, 0);
	free(c.text);
}

static void vitals_export(void **state)
{
	(void)state;
	static const char *const columns[] = {
		"id", "mrn", "name", "bed", "taken_at", "hr", "sys", "dia", "temp", "rr", "spo2",
		"flags", "assessment", "note", "taken_by", "entered_at", "entered_by", "late",
		"status", "supersedes", "amend_reason", "void_reason"
	};
	vigil_export_filter f = { 0 };
	struct table t;
	size_t rows;
	chart_table(VITALS, &f, &t, &rows);
	header_is(&t, columns, 22);
	/* 20:30 (corrected), 23:00 with the COWS (its pulse), 05:00. */
	assert_int_equal(rows, 3);
	size_t fix = entry_row(&t, 'V', W.vitals_fix);
	char was[24], cows[24];
	snprintf(was, sizeof was, "V%lld", (long long)W.vitals_amended);
	snprintf(cows, sizeof cows, "%lld", (long long)W.cows_id);
	assert_int_equal(fix, 1);
	assert_string_equal(cell(&t, 1, "taken_at"), "2026-10-24T20:30:00+01:00");
	assert_string_equal(cell(&t, 1, "hr"), "128");
	assert_string_equal(cell(&t, 1, "sys"), "150");
	assert_string_equal(cell(&t, 1, "dia"), "95");
	assert_string_equal(cell(&t, 1, "temp"), "37.2");
	assert_string_equal(cell(&t, 1, "rr"), "");
	assert_string_equal(cell(&t, 1, "spo2"), "");
	assert_string_equal(cell(&t, 1, "flags"), "hr 128 > 120");
	assert_string_equal(cell(&t, 1, "assessment"), "");
	assert_string_equal(cell(&t, 1, "taken_by"), "nat");
	assert_string_equal(cell(&t, 1, "entered_by"), "clin");
	assert_string_equal(cell(&t, 1, "supersedes"), was);
	assert_string_equal(cell(&t, 1, "amend_reason"), "recounted");
	assert_string_equal(cell(&t, 2, "hr"), "112");
	assert_string_equal(cell(&t, 2, "temp"), "");
	assert_string_equal(cell(&t, 2, "flags"), "");
	assert_string_equal(cell(&t, 2, "assessment"), cows);
	assert_string_equal(cell(&t, 2, "taken_by"), "clin");
	assert_string_equal(cell(&t, 3, "temp"), "38.2");
	assert_string_equal(cell(&t, 3, "rr"), "16");
	assert_string_equal(cell(&t, 3, "spo2"), "97");
	assert_string_equal(cell(&t, 3, "flags"), "temp 38.2 >= 38.0");
	assert_string_equal(cell(&t, 3, "note"), "after a cold sweat");
	free_table(&t);
	vigil_export_filter all = { .all = true };
	chart_table(VITALS, &all, &t, &rows);
	assert_int_equal(rows, 4);
	size_t old = entry_row(&t, 'V', W.vitals_amended);
	assert_string_equal(cell(&t, old, "status"), "amended");
	assert_string_equal(cell(&t, old, "hr"), "130");
	assert_string_equal(cell(&t, old, "flags"), "hr 130 > 120");
	free_table(&t);
}

static void notes_export(void **state)
{
	(void)state;
	static const char *const columns[] = {
		"id", "mrn", "name", "bed", "written_at", "text", "written_by", "entered_at",
		"entered_by", "late", "status", "supersedes", "amend_reason", "void_reason"
	};
	vigil_export_filter f = { .mrn = "M1" };
	struct table t;
	size_t rows;
	chart_table(NOTES, &f, &t, &rows);
	header_is(&t, columns, 14);
	assert_int_equal(rows, 2);
	assert_string_equal(cell(&t, 1, "text"), "Anxious, asked for \"Jo's\" sister to be called.");
	assert_string_equal(cell(&t, 1, "written_by"), "nat");
	assert_string_equal(cell(&t, 2, "written_at"), "2026-10-25T02:30:00+00:00");
	assert_string_equal(cell(&t, 2, "written_by"), "clin");
	free_table(&t);
	vigil_export_filter all = { .all = true };
	chart_table(NOTES, &all, &t, &rows);
	assert_int_equal(rows, 3);
	size_t bad = entry_row(&t, 'T', W.note_void);
	assert_string_equal(cell(&t, bad, "status"), "entered-in-error");
	assert_string_equal(cell(&t, bad, "void_reason"), "meant for bed 2");
	free_table(&t);
}

/* ---- the handover -------------------------------------------------------- */

static const vigil_handover_line *line_of(const vigil_handover *h, vigil_handover_part part,
                                          size_t nth)
{
	for (size_t i = 0; i < h->nlines; i++)
		if (h->lines[i].part == part && nth-- == 0)
			return &h->lines[i];
	return NULL;
}

static size_t lines_in(const vigil_handover *h, vigil_handover_part part)
{
	size_t n = 0;
	for (size_t i = 0; i < h->nlines; i++)
		n += h->lines[i].part == part;
	return n;
}

/* Columns of UTF-8 text with no wide characters: its code points. */
static size_t columns_of(const char *text)
{
	size_t n = 0;
	for (; *text; text++)
		n += ((unsigned char)*text & 0xc0) != 0x80;
	return n;
}

static void handover_of(const char *mrn, const vigil_handover_layout *layout,
                        vigil_handover *h)
{
	vigil_shift night;
	vigil_patient p;
	vigil_error err;
	night_shift(&night);
	ok(vigil_patient_get(&W.nurse, mrn, &p, &err), &err);
	ok(vigil_handover_patient(&W.nurse, W.protocols, &night, &p, layout, h, &err), &err);
	for (size_t i = 0; i < h->nlines; i++)
		assert_true(columns_of(h->lines[i].text) <= (size_t)layout->width);
}

static void line_is(const vigil_handover *h, vigil_handover_part part, size_t nth,
                    vigil_handover_mark mark, const char *text)
{
	const vigil_handover_line *l = line_of(h, part, nth);
	if (!l)
		fail_msg("no line %zu of part %d", nth, (int)part);
	assert_string_equal(l->text, text);
	assert_int_equal(l->mark, mark);
	assert_int_equal(l->first, nth == 0);
}

/* M1's night, everything in it, in 80 columns. */
static void handover_with_everything(void **state)
{
	(void)state;
	vigil_handover_layout layout = { .width = 80 };
	vigil_handover h;
	handover_of("M1", &layout, &h);
	line_is(&h, VIGIL_HO_PATIENT, 0, VIGIL_HO_PLAIN, "Bed 1  M1  O'Brien, \"Jo\"");
	line_is(&h, VIGIL_HO_SCORES, 0, VIGIL_HO_PLAIN,
	        "  Scores      COWS 16 at 23:00 (moderate; by clin)");
	line_is(&h, VIGIL_HO_SCORES, 1, VIGIL_HO_PLAIN,
	        "              Craving 9 \u2192 4 (2 scores; highest 9 at 01:30; by nat)");
	line_is(&h, VIGIL_HO_MISSED, 0, VIGIL_HO_ATTENTION,
	        "  Missed      COWS 8 reassessments missed");
	line_is(&h, VIGIL_HO_DOSES, 0, VIGIL_HO_PLAIN,
	        "  Doses given 21:00 lorazepam 1 mg PO PRN by nat (agitated, CIWA not done)");
	line_is(&h, VIGIL_HO_DOSES, 2, VIGIL_HO_PLAIN, "              00:30 lorazepam 4 mg IV by clin");
	line_is(&h, VIGIL_HO_DOSES, 4, VIGIL_HO_PLAIN,
	        "              total: lorazepam 2 doses 5 mg; paracetamol 2 doses 1.5 g");
	assert_int_equal(lines_in(&h, VIGIL_HO_DOSES), 5); /* not the one entered in error */
	line_is(&h, VIGIL_HO_VITALS, 0, VIGIL_HO_ATTENTION,
	        "  Vital signs 05:00 HR 88  T 38.2!  RR 16  SpO2 97 (flagged: temp 38.2 >= 38.0);");
	line_is(&h, VIGIL_HO_VITALS, 1, VIGIL_HO_ATTENTION,
	        "                the last of 3 sets this shift");
	line_is(&h, VIGIL_HO_READINESS, 0, VIGIL_HO_PLAIN,
	        "  Readiness   decision support (COWS: 4-hourly, hourly from moderate): meets");
	assert_string_equal(line_of(&h, VIGIL_HO_READINESS, 1)->text,
	                    "                unit criteria: COWS 16 >= 8, 27 h since short-acting "
	                    "use >= 12 h");
	line_is(&h, VIGIL_HO_DUE, 0, VIGIL_HO_ATTENTION,
	        "  Due next    COWS overdue since 00:00 (COWS 16 moderate: hourly)");
	line_is(&h, VIGIL_HO_DUE, 1, VIGIL_HO_PLAIN, "              Craving not timed (no protocol)");
	line_is(&h, VIGIL_HO_CAPS, 0, VIGIL_HO_NOTHING,
	        "  24-h limits no drug at its 24-hour maximum");
	/* Newest first; the one entered in error left out. */
	line_is(&h, VIGIL_HO_NOTES, 0, VIGIL_HO_PLAIN,
	        "  Notes       02:30 clin: Slept from 02:00; settled.");
	line_is(&h, VIGIL_HO_NOTES, 1, VIGIL_HO_PLAIN,
	        "              21:15 nat: Anxious, asked for \"Jo's\" sister to be called.");
	assert_int_equal(lines_in(&h, VIGIL_HO_NOTES), 2);
	assert_string_equal(h.first_scale, "cows");
	/* The parts in their order. */
	for (size_t i = 1; i < h.nlines; i++)
		assert_true(h.lines[i - 1].part <= h.lines[i].part);
	vigil_handover_free(&h);
	/* In ASCII, the arrow too. */
	layout.ascii = true;
	handover_of("M1", &layout, &h);
	assert_non_null(strstr(line_of(&h, VIGIL_HO_SCORES, 1)->text, "Craving 9 -> 4 ("));
	vigil_handover_free(&h);
}

/* M2 had nothing: each part says so. */
static void handover_with_nothing(void **state)
{
	(void)state;
	vigil_handover_layout layout = { .width = 80 };
	vigil_handover h;
	handover_of("M2", &layout, &h);
	line_is(&h, VIGIL_HO_PATIENT, 0, VIGIL_HO_PLAIN, "Bed 2  M2  =cmd|' /C calc'!A0");
	line_is(&h, VIGIL_HO_SCORES, 0, VIGIL_HO_NOTHING, "  Scores      no scores this shift");
	line_is(&h, VIGIL_HO_MISSED, 0, VIGIL_HO_NOTHING, "  Missed      none missed or not done");
	line_is(&h, VIGIL_HO_DOSES, 0, VIGIL_HO_NOTHING,
	        "  Doses given no doses given this shift");
	line_is(&h, VIGIL_HO_VITALS, 0, VIGIL_HO_NOTHING,
	        "  Vital signs no vital signs this shift");
	line_is(&h, VIGIL_HO_READINESS, 0, VIGIL_HO_NOTHING,
	        "  Readiness   not applicable: not monitored on a scale whose protocol has");
	line_is(&h, VIGIL_HO_DUE, 0, VIGIL_HO_NOTHING,
	        "  Due next    nothing due: no scale monitored");
	line_is(&h, VIGIL_HO_CAPS, 0, VIGIL_HO_NOTHING,
	        "  24-h limits no drug at its 24-hour maximum");
	line_is(&h, VIGIL_HO_NOTES, 0, VIGIL_HO_NOTHING, "  Notes       no notes this shift");
	assert_int_equal(h.nlines, 10);
	assert_string_equal(h.first_scale, "");
	vigil_handover_free(&h);
	/* M3 reached lorazepam's maximum in the day: flagged now. */
	handover_of("M3", &layout, &h);
	line_is(&h, VIGIL_HO_CAPS, 0, VIGIL_HO_ATTENTION,
	        "  24-h limits lorazepam 12 mg in 24 h: reaches the protocol's 12 mg: tell the");
	vigil_handover_free(&h);
}

/* A page: the oldest notes give way first, and the cut says how many. */
static void handover_cut_to_a_page(void **state)
{
	(void)state;
	char text[200], when[40];
	for (int i = 0; i < 40; i++) {
		snprintf(text, sizeof text, "Note %d: checked on the patient, who is resting and asks "
		         "for nothing; observations as charted.", i + 1);
		snprintf(when, sizeof when, "2026-10-25 08:%02d", i + 1);
		note(&W.nurse, "M5", text, when);
	}
	vigil_config cfg;
	vigil_shift day;
	vigil_patient p;
	vigil_handover h;
	vigil_error err;
	vigil_config_defaults(&cfg);
	assert_int_equal(vigil_shift_on(&cfg, "2026-10-25", "day", &day, NULL), VIGIL_OK);
	ok(vigil_patient_get(&W.nurse, "M5", &p, &err), &err);
	vigil_handover_layout layout = { .width = 80, .max_lines = 30 };
	ok(vigil_handover_patient(&W.nurse, W.protocols, &day, &p, &layout, &h, &err), &err);
	assert_true(h.nlines <= 30);
	assert_true(h.nlines >= 29); /* as many notes as fit, two lines each */
	line_is(&h, VIGIL_HO_NOTES, 0, VIGIL_HO_PLAIN,
	        "  Notes       08:40 nat: Note 40: checked on the patient, who is resting and");
	const vigil_handover_line *last = &h.lines[h.nlines - 1];
	assert_int_equal(last->part, VIGIL_HO_NOTES);
	assert_non_null(strstr(last->text, " more notes: see vigil history)"));
	assert_string_equal(line_of(&h, VIGIL_HO_PATIENT, 0)->text,
	                    "Bed 4  M5  @at  (admitted 08:00)");
	vigil_handover_free(&h);
	/* Without a limit, every note. */
	layout.max_lines = 0;
	ok(vigil_handover_patient(&W.nurse, W.protocols, &day, &p, &layout, &h, &err), &err);
	assert_int_equal(lines_in(&h, VIGIL_HO_NOTES), 80);
	vigil_handover_free(&h);
	/* Twenty doses too: every note goes first, then the oldest doses; the
	 * latest stay, and so does the total. */
	for (int i = 0; i < 20; i++) {
		snprintf(when, sizeof when, "2026-10-25 09:%02d", i + 1);
		dose(&W.nurse, "M5", "ibuprofen", "200", "mg", "PO", VIGIL_DOSE_PRN, when, NULL);
	}
	layout.max_lines = 16;
	ok(vigil_handover_patient(&W.nurse, W.protocols, &day, &p, &layout, &h, &err), &err);
	assert_int_equal(h.nlines, 16);
	line_is(&h, VIGIL_HO_DOSES, 0, VIGIL_HO_PLAIN,
	        "  Doses given (15 earlier doses: see vigil history)");
	line_is(&h, VIGIL_HO_DOSES, 1, VIGIL_HO_PLAIN, "              09:16 ibuprofen 200 mg PO PRN by nat");
	line_is(&h, VIGIL_HO_DOSES, 5, VIGIL_HO_PLAIN, "              09:20 ibuprofen 200 mg PO PRN by nat");
	line_is(&h, VIGIL_HO_DOSES, 6, VIGIL_HO_PLAIN, "              total: ibuprofen 20 doses 4000 mg");
	line_is(&h, VIGIL_HO_NOTES, 0, VIGIL_HO_PLAIN, "  Notes       (40 notes: see vigil history)");
	vigil_handover_free(&h);
}

/* Reads a whole file. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *text = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			cap = (*len + 4096 + 1) * 2;
			text = realloc(text, cap);
			assert_non_null(text);
		}
		size_t n = fread(text + *len, 1, 4096, fp);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	text[*len] = '\0';
	return text;
}

/* The handover printed: a page per patient, form feeds between, none over
 * 66 lines, each with the training banner and the shift, the witness at
 * the end; a file of its own (0600), an export, refused to a nurse. */
static void handover_pages(void **state)
{
	(void)state;
	char path[240];
	vigil_config cfg;
	vigil_shift day;
	vigil_error err;
	size_t patients = 0;
	vigil_config_defaults(&cfg);
	assert_int_equal(vigil_shift_on(&cfg, "2026-10-25", "day", &day, NULL), VIGIL_OK);
	snprintf(path, sizeof path, "%s/handover.txt", W.dir);
	vigil_export_dest dest = { .path = path };
	assert_int_equal(vigil_export_handover(&W.nurse, W.protocols, &cfg, &day, 1, false, &dest,
	                                       &patients, &err), VIGIL_EPERM);
	assert_string_equal(err.msg,
	                    "nat (nurse) may not export reports: it needs the clinician or admin role");
	assert_int_equal(access(path, F_OK), -1);
	mode_t old = umask(0);
	ok(vigil_export_handover(&W.clin, W.protocols, &cfg, &day, 1, false, &dest, &patients, &err),
	   &err);
	umask(old);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(patients, 4); /* M1, M2, M5, M3 */
	size_t len;
	char *text = slurp(path, &len);
	size_t pages = 0;
	for (char *page = text, *next; page; page = next) {
		next = strchr(page, '\f');
		if (next)
			*next++ = '\0';
		size_t lines = 0;
		for (char *p = page; *p; p++)
			lines += *p == '\n';
		assert_true(lines <= VIGIL_HANDOVER_PAGE_LINES);
		static const char head[] = "TRAINING DATABASE: not patient data\n"
		                           "day shift of 2026-10-25, 2026-10-25 07:00 to "
		                           "2026-10-25 19:00 (12h 00m)\n\nBed ";
		assert_int_equal(strncmp(page, head, sizeof head - 1), 0);
		pages++;
	}
	assert_int_equal(pages, 4);
	free(text);
	text = slurp(path, &len);
	assert_non_null(strstr(text, " more notes: see vigil history)\n"));
	/* The witness last, on the last page. */
	char *key = strstr(text, "\n\nward key ");
	assert_non_null(key);
	assert_null(strchr(key, '\f'));
	assert_non_null(strstr(key, "\nhead "));
	assert_true(text[len - 1] == '\n');
	free(text);
	/* Not replaced unless forced. */
	assert_int_equal(vigil_export_handover(&W.clin, W.protocols, &cfg, &day, 1, false, &dest,
	                                       &patients, &err), VIGIL_EEXIST);
	dest.force = true;
	ok(vigil_export_handover(&W.admin, W.protocols, &cfg, &day, 1, false, &dest, &patients, &err),
	   &err);
}

static void exports_need_the_role(void **state)
{
	(void)state;
	vigil_shift night;
	night_shift(&night);
	vigil_export_filter f = { 0 };
	char path[200];
	snprintf(path, sizeof path, "%s/nurse.csv", W.dir);
	vigil_export_dest dest = { .path = path };
	vigil_error err;
	assert_int_equal(vigil_export_observations(&W.nurse, W.scales, &f, &dest, NULL, &err),
	                 VIGIL_EPERM);
	assert_string_equal(err.msg,
	                    "nat (nurse) may not export reports: it needs the clinician or admin role");
	assert_int_equal(vigil_export_shifts(&W.nurse, W.protocols, &night, 1, &dest, NULL, &err), VIGIL_EPERM);
	assert_int_equal(access(path, F_OK), -1);
	struct capture c;
	dest = capture_start(&c);
	size_t rows;
	ok(vigil_export_observations(&W.admin, W.scales, &f, &dest, &rows, &err), &err);
	assert_int_equal(rows, 5);
	fclose(c.fp);
	free(c.text);
}

/* ---- files ------------------------------------------------------------- */

static size_t files_in(const char *dir)
{
	char cmd[200];
	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	FILE *p = popen(cmd, "r");
	size_t n = 0;
	assert_int_equal(fscanf(p, "%zu", &n), 1);
	pclose(p);
	return n;
}

static void file_is_private_and_not_overwritten(void **state)
{
	(void)state;
	char dir[200], path[240];
	snprintf(dir, sizeof dir, "%s/out", W.dir);
	snprintf(path, sizeof path, "%s/obs.csv", dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	vigil_export_filter f = { 0 };
	vigil_export_dest dest = { .path = path };
	vigil_error err;
	size_t rows;
	mode_t old = umask(0);
	ok(vigil_export_observations(&W.clin, W.scales, &f, &dest, &rows, &err), &err);
	umask(old);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	off_t size = st.st_size;
	/* A second export to the same name is refused and changes nothing. */
	f.scale = "cows";
	assert_int_equal(vigil_export_observations(&W.clin, W.scales, &f, &dest, &rows, &err),
	                 VIGIL_EEXIST);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, size);
	assert_int_equal(files_in(dir), 1);
	dest.force = true;
	ok(vigil_export_observations(&W.clin, W.scales, &f, &dest, &rows, &err), &err);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size < size);
	assert_int_equal(files_in(dir), 1);
	/* A folder that is not there: nothing is created anywhere. */
	snprintf(path, sizeof path, "%s/missing/obs.csv", dir);
	assert_int_equal(vigil_export_observations(&W.clin, W.scales, &f, &dest, &rows, &err),
	                 VIGIL_EIO);
	assert_non_null(strstr(err.msg, "cannot create a file in"));
	assert_int_equal(files_in(dir), 1);
}

static void failed_write_leaves_nothing(void **state)
{
	(void)state;
	char dir[200], path[240];
	snprintf(dir, sizeof dir, "%s/full", W.dir);
	snprintf(path, sizeof path, "%s/obs.csv", dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	vigil_export_filter f = { 0 };
	vigil_export_dest dest = { .path = path };
	vigil_error err;
	size_t rows;
	/* Files may grow to 1000 bytes: the export, bigger, fails mid-way
	 * (EFBIG instead of the signal). The database is not written during
	 * a failing export, so the limit does not touch it. */
	struct rlimit old, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 1000;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	vigil_status s = vigil_export_observations(&W.clin, W.scales, &f, &dest, &rows, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, was);
	assert_int_equal(s, VIGIL_EIO);
	assert_non_null(strstr(err.msg, "obs.csv: File too large"));
	assert_int_equal(files_in(dir), 0);
	/* Without the limit the same export is over 1000 bytes. */
	ok(vigil_export_observations(&W.clin, W.scales, &f, &dest, &rows, &err), &err);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 1000);
}

/* Exports leave the audit chain intact, each one entered in it. */
static void exports_are_audited(void **state)
{
	(void)state;
	vigil_audit_report report;
	vigil_error err;
	ok(vigil_audit_verify(&W.admin, &report, &err), &err);
	assert_true(report.entries > 0);
}

/* The witness is what audit verify reports: the ward key and the head. */
static void witness_is_the_head(void **state)
{
	(void)state;
	vigil_audit_report report;
	vigil_witness w;
	vigil_error err;
	char head[96];
	ok(vigil_audit_verify(&W.admin, &report, &err), &err);
	ok(vigil_witness_now(&W.clin, &w, &err), &err);
	snprintf(head, sizeof head, "%lld:%s", (long long)report.head_seq, report.head);
	assert_true(w.training);
	assert_string_equal(w.head, head);
	assert_string_equal(w.ward_key, report.ward_key);
	assert_int_equal(strlen(vigil_witness_key(&w)), 39);
}

/* A ward's database (not a training one): its files, the header alone
 * here, have no training column, and its witness says it is a ward's.
 * Last, as it leaves this process working on a ward's database. */
static void ward_exports_unmarked(void **state)
{
	(void)state;
	char path[300];
	vigil_db *db;
	vigil_session admin;
	vigil_error err;
	snprintf(path, sizeof path, "%s/real-ward.db", W.dir);
	ok(vigil_db_create(path, false, &db, &err), &err);
	ok(vigil_init_admin(db, "admin", "Ann Admin", "admin-pass-1", &err), &err);
	ok(vigil_login(db, "admin", "admin-pass-1", &admin, &err), &err);
	struct capture c;
	struct table t;
	vigil_export_dest dest = capture_start(&c);
	vigil_export_filter f = { .scale = "craving" };
	size_t rows;
	ok(vigil_export_observations(&admin, W.scales, &f, &dest, &rows, &err), &err);
	capture_table(&c, &t);
	assert_int_equal(t.ncols[0], 21); /* 20 and craving.craving */
	assert_string_equal(t.cell[0][0], "id");
	free_table(&t);
	vigil_shift night;
	night_shift(&night);
	dest = capture_start(&c);
	ok(vigil_export_shifts(&admin, W.protocols, &night, 1, &dest, &rows, &err), &err);
	capture_table(&c, &t);
	assert_int_equal(t.ncols[0], 19);
	assert_string_equal(t.cell[0][0], "shift");
	free_table(&t);
	vigil_witness w;
	ok(vigil_witness_now(&admin, &w, &err), &err);
	assert_false(w.training);
	assert_int_equal(strlen(w.ward_key), 39);
	assert_non_null(strchr(w.head, ':'));
	vigil_db_close(db);
}

/* ---- import -------------------------------------------------------------- */

struct problems {
	char text[2048];
	size_t n;
};

static void collect(const char *message, void *ctx)
{
	struct problems *p = ctx;
	size_t used = strlen(p->text);
	snprintf(p->text + used, sizeof p->text - used, "%s\n", message);
	p->n++;
}

static vigil_status import_text(vigil_session *who, const char *text, struct problems *p,
                                vigil_import_result *r, vigil_error *err)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(in);
	memset(p, 0, sizeof *p);
	vigil_import_hooks hooks = { collect, NULL, p };
	vigil_status s = vigil_patient_import_stream(who, in, "adm.csv", &hooks, r, err);
	fclose(in);
	return s;
}

static void import_good_file(void **state)
{
	(void)state;
	struct problems p;
	vigil_import_result r;
	vigil_error err;
	/* A spreadsheet's file: byte order mark, CRLF, columns in its order. */
	ok(import_text(&W.admin,
	               "\xEF\xBB\xBF" "Bed,Name,MRN\r\n7,\"Smith, \"\"Jo\"\"\",I1\r\n"
	               ",Zoë Ångström,I2\r\n\r\n8,\"Line\",I3",
	               &p, &r, &err),
	   &err);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.admitted, 3);
	vigil_patient pt;
	ok(vigil_patient_get(&W.nurse, "I1", &pt, &err), &err);
	assert_string_equal(pt.name, "Smith, \"Jo\"");
	assert_string_equal(pt.bed, "7");
	ok(vigil_patient_get(&W.nurse, "I2", &pt, &err), &err);
	assert_string_equal(pt.bed, "");
	/* Admins import lists but still may not admit by hand. */
	assert_int_equal(vigil_patient_admit(&W.admin, "I9", "X", "", 0, NULL, &err), VIGIL_EPERM);
	ok(import_text(&W.nurse, "mrn,name\nI4,Nurse Import\n", &p, &r, &err), &err);
	ok(import_text(&W.clin, "mrn,name\nI5,Clin Import\n", &p, &r, &err), &err);
	assert_int_equal(r.admitted, 1);
}

static void import_bad_rows_admits_nothing(void **state)
{
	(void)state;
	char long_name[130];
	memset(long_name, 'x', 120);
	long_name[120] = '\0';
	char text[1024];
	snprintf(text, sizeof text,
	         "mrn,name,bed\n"
	         "J1,Fine,1\n"           /* 2: good, but nothing may be admitted */
	         "J2,\"bad\"quote,1\n"   /* 3 */
	         "J3,,2\n"               /* 4 */
	         "J4,a,b,c\n"            /* 5 */
	         "M1,Already Here,3\n"   /* 6 */
	         "J1,Twice,4\n"          /* 7 */
	         "J 5,Space,5\n"         /* 8 */
	         "J6,\"tab\there\",6\n"  /* 9 */
	         "J7,\xff\xfe,7\n"       /* 10 */
	         "J8,%s,8\n"             /* 11 */
	         "J9,Bed,ABCDEFGHIJKLM\n"/* 12 */
	         "K1,\"never closed,9\n",/* 13 */
	         long_name);
	struct problems p;
	vigil_import_result r;
	vigil_error err;
	assert_int_equal(import_text(&W.nurse, text, &p, &r, &err), VIGIL_EINVAL);
	assert_string_equal(
		p.text,
		"adm.csv:3: bad quoting: a field with a quote must be quoted as a whole, with the "
		"quotes inside doubled (\"\")\n"
		"adm.csv:4: name: must not be empty\n"
		"adm.csv:5: 4 fields, but the header names 3 columns\n"
		"adm.csv:6: patient M1 is already registered\n"
		"adm.csv:7: MRN J1 is also on line 2\n"
		"adm.csv:8: MRN: ' ' is not allowed (use letters, digits and -)\n"
		"adm.csv:9: name: control character U+0009 is not allowed\n"
		"adm.csv:10: name: not valid UTF-8 text\n"
		"adm.csv:11: name: 120 characters is over the limit of 100\n"
		"adm.csv:12: bed: 13 characters is over the limit of 12\n"
		"adm.csv:13: a quoted field is not closed\n");
	assert_string_equal(err.msg, "adm.csv: 11 problems; nothing was admitted");
	assert_int_equal(r.admitted, 0);
	vigil_patient pt;
	assert_int_equal(vigil_patient_get(&W.nurse, "J1", &pt, &err), VIGIL_ENOTFOUND);
}

static void import_bad_headers(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "mrn,name,ward\nQ1,x,1\n",
		  "adm.csv:1: unknown column 'ward' (the first line names the columns: mrn, name, "
		  "bed)\n" },
		{ "Q1,Alice,3\n",
		  "adm.csv:1: unknown column 'Q1' (the first line names the columns: mrn, name, bed)\n"
		  "adm.csv:1: unknown column 'Alice' (the first line names the columns: mrn, name, "
		  "bed)\n"
		  "adm.csv:1: unknown column '3' (the first line names the columns: mrn, name, bed)\n"
		  "adm.csv:1: no 'mrn' column (the columns are mrn, name, bed)\n"
		  "adm.csv:1: no 'name' column (the columns are mrn, name, bed)\n" },
		{ "mrn,name,mrn\n", "adm.csv:1: column 'mrn' given twice\n" },
		{ "", "adm.csv:1: the file is empty; its first line names the columns: mrn,name,bed\n" },
		{ "\n\nmrn,bed\n", "adm.csv:3: no 'name' column (the columns are mrn, name, bed)\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct problems p;
		vigil_import_result r;
		vigil_error err;
		assert_int_equal(import_text(&W.nurse, cases[i][0], &p, &r, &err), VIGIL_EINVAL);
		assert_string_equal(p.text, cases[i][1]);
	}
}

int main(void)
{
	/* Every time in these tests is read and shown in London time. */
	setenv("TZ", "Europe/London", 1);
	tzset();
	unsetenv("VIGIL_NOW");
	unsetenv("VIGIL_SCALES");
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(writer_round_trip),
		cmocka_unit_test(writer_reports_failure),
		cmocka_unit_test(config_defaults_and_format),
		cmocka_unit_test(config_errors),
		cmocka_unit_test(config_files),
		cmocka_unit_test(export_folder),
		cmocka_unit_test(shift_of_a_time),
		cmocka_unit_test(night_across_daylight_saving),
	};
	const struct CMUnitTest ward[] = {
		cmocka_unit_test(shift_summary_csv),
		cmocka_unit_test(shift_summary_missed_row),
		cmocka_unit_test(shift_summary_empty),
		cmocka_unit_test(observations_current),
		cmocka_unit_test(observations_all_flagged),
		cmocka_unit_test(observations_range),
		cmocka_unit_test(doses_current),
		cmocka_unit_test(doses_all_and_filters),
		cmocka_unit_test(vitals_export),
		cmocka_unit_test(notes_export),
		cmocka_unit_test(handover_with_everything),
		cmocka_unit_test(handover_with_nothing),
		cmocka_unit_test(handover_cut_to_a_page),
		cmocka_unit_test(handover_pages),
		cmocka_unit_test(exports_need_the_role),
		cmocka_unit_test(file_is_private_and_not_overwritten),
		cmocka_unit_test(failed_write_leaves_nothing),
		cmocka_unit_test(exports_are_audited),
		cmocka_unit_test(witness_is_the_head),
		cmocka_unit_test(import_good_file),
		cmocka_unit_test(import_bad_rows_admits_nothing),
		cmocka_unit_test(import_bad_headers),
		cmocka_unit_test(ward_exports_unmarked),
	};
	int failed = cmocka_run_group_tests_name("export: writer, config, shifts", pure, NULL, NULL);
	failed += cmocka_run_group_tests_name("export: a ward", ward, ward_setup, ward_teardown);
	return failed ? 1 : 0;
}
