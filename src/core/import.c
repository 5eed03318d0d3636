/* import.c - admitting patients from CSV through libcsv's parser.
 *
 * Two passes over what was read: first every row is parsed and checked
 * (the file, the fields, duplicates in the file and in the database) with
 * each problem reported against its line; only a clean file reaches the
 * second pass, which admits every row in one transaction. The write lock
 * is held only for that second pass, not while a slow file is read. */
#include <ctype.h>
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vigil/audit.h"
#include "vigil/import.h"
#include "vigil/patient.h"
#include "vigil/store.h"

enum { COL_MRN, COL_NAME, COL_BED, NCOLS };
static const char *const column_names[NCOLS] = { "mrn", "name", "bed" };

/* Fields kept per row; a row with more is wrong anyway and only counted. */
#define FIELDS_MAX 64

struct entry {
	vigil_patient patient;
	long line;
};

struct importer {
	const vigil_session *session;
	const char *source;
	const vigil_import_hooks *hooks;
	vigil_import_result *result;
	vigil_error *err;
	vigil_status fatal; /* not a problem with a row: stop at once */
	/* Where the parser is. */
	long line, row_line;
	bool in_row;
	/* The row being collected: fields NUL-terminated one after another. */
	char *buf;
	size_t len, cap;
	size_t off[FIELDS_MAX], flen[FIELDS_MAX], nfields;
	/* The header: which column each field is, -1 before it is read. */
	int col[FIELDS_MAX];
	size_t ncols;
	bool header_done, header_bad;
	/* Good rows, and an index by MRN to find duplicates. */
	struct entry *rows;
	size_t nrows, rcap;
	size_t *slots; /* index + 1 into rows; 0 = empty */
	size_t nslots;
};

static void problem(struct importer *im, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct importer *im, long line, const char *fmt, ...)
{
	char reason[600], msg[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof msg, "%s:%ld: %s", im->source, line, reason);
	im->result->problems++;
	if (im->hooks && im->hooks->problem)
		im->hooks->problem(msg, im->hooks->ctx);
}

static void out_of_memory(struct importer *im)
{
	if (!im->fatal)
		im->fatal = vigil_fail(im->err, VIGIL_ENOMEM, "out of memory");
}

/* ---- the MRN index --------------------------------------------------- */

/* MRNs are ASCII and compared without regard to case, as the database
 * does: "mrn1" is the same patient as "MRN1". */
static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 1099511628211ULL;
	return (size_t)h;
}

static size_t *slot_for(struct importer *im, const char *mrn)
{
	size_t i = hash(mrn) & (im->nslots - 1);
	while (im->slots[i] && strcasecmp(im->rows[im->slots[i] - 1].patient.mrn, mrn) != 0)
		i = (i + 1) & (im->nslots - 1);
	return &im->slots[i];
}

/* Keeps the index at most half full. */
static bool index_grow(struct importer *im)
{
	if (im->nslots && (im->nrows + 1) * 2 <= im->nslots)
		return true;
	size_t n = im->nslots ? im->nslots * 2 : 64;
	size_t *slots = calloc(n, sizeof *slots);
	if (!slots)
		return false;
	free(im->slots);
	im->slots = slots;
	im->nslots = n;
	for (size_t r = 0; r < im->nrows; r++)
		*slot_for(im, im->rows[r].patient.mrn) = r + 1;
	return true;
}

static struct entry *add_row(struct importer *im)
{
	if (!index_grow(im))
		return NULL;
	if (im->nrows == im->rcap) {
		size_t cap = im->rcap ? im->rcap * 2 : 64;
		struct entry *rows = realloc(im->rows, cap * sizeof *rows);
		if (!rows)
			return NULL;
		im->rows = rows;
		im->rcap = cap;
	}
	return &im->rows[im->nrows];
}

/* ---- the header ------------------------------------------------------ */

static const char *field(const struct importer *im, size_t i)
{
	return im->buf + im->off[i];
}

static void read_header(struct importer *im)
{
	bool seen[NCOLS] = { false };
	im->header_done = true;
	im->ncols = im->nfields;
	if (im->nfields > FIELDS_MAX) {
		problem(im, im->row_line, "%zu columns; the columns are mrn, name and bed",
		        im->nfields);
		im->header_bad = true;
		return;
	}
	for (size_t i = 0; i < im->nfields; i++) {
		const char *name = field(im, i);
		im->col[i] = -1;
		for (int c = 0; c < NCOLS; c++)
			if (strcasecmp(name, column_names[c]) == 0)
				im->col[i] = c;
		if (im->col[i] < 0) {
			char shown[200];
			vigil_text_escape(name, shown, sizeof shown);
			problem(im, im->row_line,
			        "unknown column '%s' (the first line names the columns: mrn, name, bed)",
			        shown);
		} else if (seen[im->col[i]]) {
			problem(im, im->row_line, "column '%s' given twice", column_names[im->col[i]]);
			im->col[i] = -1;
		} else {
			seen[im->col[i]] = true;
			continue;
		}
		im->header_bad = true;
	}
	for (int c = 0; c < COL_BED; c++) {
		if (!seen[c]) {
			problem(im, im->row_line, "no '%s' column (the columns are mrn, name, bed)",
			        column_names[c]);
			im->header_bad = true;
		}
	}
}

/* ---- a data row ------------------------------------------------------ */

/* Checks one field with the core's own rules; NUL bytes never reach C
 * strings unnoticed. */
static bool check_field(struct importer *im, int c, const char *text, size_t len)
{
	vigil_error sub;
	vigil_status s;
	if (strlen(text) != len)
		s = vigil_fail(&sub, VIGIL_EINVAL, "%s: control character U+0000 is not allowed",
		               c == COL_MRN ? "MRN" : column_names[c]);
	else if (c == COL_MRN)
		s = vigil_mrn_check(text, &sub);
	else if (c == COL_NAME)
		s = vigil_text_check("name", text, VIGIL_FULL_NAME_MAX, true, &sub);
	else
		s = vigil_text_check("bed", text, VIGIL_BED_MAX, false, &sub);
	if (s != VIGIL_OK)
		problem(im, im->row_line, "%s", sub.msg);
	return s == VIGIL_OK;
}

/* Is the MRN free, in the file so far and in the database? */
static bool check_new(struct importer *im, const char *mrn)
{
	size_t *slot = im->nslots ? slot_for(im, mrn) : NULL;
	if (slot && *slot) {
		problem(im, im->row_line, "MRN %s is also on line %ld", mrn,
		        im->rows[*slot - 1].line);
		return false;
	}
	vigil_patient p;
	vigil_error sub;
	vigil_status s = vigil_store_patient_find(im->session->db, mrn, &p, &sub);
	if (s == VIGIL_ENOTFOUND)
		return true;
	if (s != VIGIL_OK) {
		im->fatal = s;
		*im->err = sub;
	} else if (p.discharged_at) {
		problem(im, im->row_line, "patient %s is already registered (discharged)", mrn);
	} else {
		problem(im, im->row_line, "patient %s is already registered", mrn);
	}
	return false;
}

static void read_row(struct importer *im)
{
	im->result->rows++;
	if (im->nfields != im->ncols) {
		problem(im, im->row_line, "%zu field%s, but the header names %zu column%s",
		        im->nfields, im->nfields == 1 ? "" : "s", im->ncols, im->ncols == 1 ? "" : "s");
		return;
	}
	const char *text[NCOLS] = { "", "", "" };
	for (size_t i = 0; i < im->nfields; i++) {
		text[im->col[i]] = field(im, i);
		check_field(im, im->col[i], field(im, i), im->flen[i]);
	}
	/* A row with other problems is still indexed by its MRN, so a later
	 * duplicate is reported too; nothing is admitted while any problem
	 * stands. */
	if (vigil_mrn_check(text[COL_MRN], NULL) != VIGIL_OK || !check_new(im, text[COL_MRN]))
		return;
	struct entry *e = add_row(im);
	if (!e) {
		out_of_memory(im);
		return;
	}
	memset(e, 0, sizeof *e);
	vigil_copy(e->patient.mrn, sizeof e->patient.mrn, text[COL_MRN]);
	vigil_copy(e->patient.name, sizeof e->patient.name, text[COL_NAME]);
	vigil_copy(e->patient.bed, sizeof e->patient.bed, text[COL_BED]);
	e->line = im->row_line;
	*slot_for(im, e->patient.mrn) = ++im->nrows;
}

/* ---- libcsv's callbacks ------------------------------------------------ */

static void on_field(void *text, size_t len, void *data)
{
	struct importer *im = data;
	if (!im->in_row) {
		im->in_row = true;
		im->row_line = im->line;
	}
	size_t i = im->nfields++;
	if (i >= FIELDS_MAX || im->fatal)
		return;
	if (im->len + len + 1 > im->cap) {
		size_t cap = (im->len + len + 1) * 2;
		char *buf = realloc(im->buf, cap);
		if (!buf) {
			out_of_memory(im);
			return;
		}
		im->buf = buf;
		im->cap = cap;
	}
	if (len)
		memcpy(im->buf + im->len, text, len);
	im->buf[im->len + len] = '\0';
	im->off[i] = im->len;
	im->flen[i] = len;
	im->len += len + 1;
}

static void on_row_end(int terminator, void *data)
{
	(void)terminator;
	struct importer *im = data;
	if (!im->fatal && !im->header_bad) {
		if (!im->header_done)
			read_header(im);
		else
			read_row(im);
	}
	im->nfields = 0;
	im->len = 0;
	im->in_row = false;
}

/* ---- reading ----------------------------------------------------------- */

static bool blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return false;
	return true;
}

static int csv_options(void)
{
	/* Strict: a stray quote is an error, not guessed at; an unclosed quote
	 * at the end is one too. */
	return CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;
}

/* Feeds one line to the parser; after a quoting error the parser starts
 * afresh on the next line, so later problems are reported too. */
static void feed_line(struct importer *im, struct csv_parser *p, const char *s, size_t n)
{
	if (!im->in_row && !blank_line(s, n)) {
		im->in_row = true;
		im->row_line = im->line;
	}
	if (csv_parse(p, s, n, on_field, on_row_end, im) == n)
		return;
	if (csv_error(p) == CSV_ENOMEM || csv_error(p) == CSV_ETOOBIG) {
		out_of_memory(im);
		return;
	}
	problem(im, im->line,
	        "bad quoting: a field with a quote must be quoted as a whole, with the quotes "
	        "inside doubled (\"\")");
	csv_free(p);
	csv_init(p, (unsigned char)csv_options());
	im->nfields = 0;
	im->len = 0;
	im->in_row = false;
}

/* A file saved with old Mac line ends (a bare CR) arrives as one "line":
 * feed it piece by piece so each problem is reported at its own line. */
static void feed_lines(struct importer *im, struct csv_parser *p, const char *s, size_t n)
{
	for (;;) {
		const char *cr = memchr(s, '\r', n);
		while (cr && (size_t)(cr - s) + 1 < n && cr[1] == '\n')
			cr = memchr(cr + 1, '\r', n - (size_t)(cr + 1 - s));
		if (!cr || (size_t)(cr - s) + 1 >= n) {
			feed_line(im, p, s, n);
			return;
		}
		size_t piece = (size_t)(cr - s) + 1;
		feed_line(im, p, s, piece);
		s += piece, n -= piece;
		im->line++;
	}
}

static void read_all(struct importer *im, FILE *in)
{
	struct csv_parser p;
	char *line = NULL;
	size_t size = 0;
	ssize_t n;
	if (csv_init(&p, (unsigned char)csv_options()) != 0) {
		out_of_memory(im);
		return;
	}
	errno = 0;
	while (!im->fatal && !im->header_bad && (n = getline(&line, &size, in)) > 0) {
		const char *s = line;
		im->line++;
		/* Spreadsheets often start a UTF-8 file with a byte order mark. */
		if (im->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, n -= 3;
		feed_lines(im, &p, s, (size_t)n);
	}
	if (!im->fatal && ferror(in))
		im->fatal = vigil_fail(im->err, VIGIL_EIO, "%s: %s", im->source,
		                       strerror(errno ? errno : EIO));
	if (!im->fatal && !im->header_bad &&
	    csv_fini(&p, on_field, on_row_end, im) != 0 && csv_error(&p) == CSV_EPARSE)
		problem(im, im->row_line, "a quoted field is not closed");
	if (!im->fatal && !im->header_done)
		problem(im, 1, "the file is empty; its first line names the columns: mrn,name,bed");
	csv_free(&p);
	free(line);
}

/* ---- beds, under the write lock ------------------------------------------ */

/* The beds taken on the ward, each with its first patient: read once when
 * the lock is taken and kept up to date row by row, where asking the
 * database for each row's bed would scan every patient every time (there
 * is no index on beds). Keys are folded as the database compares beds:
 * ASCII letters without regard to case. */
struct bed_slot {
	int64_t id; /* the patient in the bed; 0 = an empty slot */
	char key[VIGIL_TEXT_BYTES(VIGIL_BED_MAX)];
};

struct beds {
	struct bed_slot *slots;
	size_t used, size;
	bool failed; /* out of memory */
};

static void bed_key(const char *bed, char key[VIGIL_TEXT_BYTES(VIGIL_BED_MAX)])
{
	size_t i = 0;
	for (; bed[i] && i + 1 < VIGIL_TEXT_BYTES(VIGIL_BED_MAX); i++)
		key[i] = bed[i] >= 'A' && bed[i] <= 'Z' ? (char)(bed[i] - 'A' + 'a') : bed[i];
	key[i] = '\0';
}

static struct bed_slot *bed_slot(const struct beds *b, const char *key)
{
	size_t i = hash(key) & (b->size - 1);
	while (b->slots[i].id && strcmp(b->slots[i].key, key) != 0)
		i = (i + 1) & (b->size - 1);
	return &b->slots[i];
}

/* Keeps the table at most half full. */
static bool beds_grow(struct beds *b)
{
	if (b->size && (b->used + 1) * 2 <= b->size)
		return true;
	size_t size = b->size ? b->size * 2 : 64;
	struct beds bigger = { calloc(size, sizeof *b->slots), b->used, size, false };
	if (!bigger.slots)
		return false;
	for (size_t i = 0; i < b->size; i++)
		if (b->slots[i].id)
			*bed_slot(&bigger, b->slots[i].key) = b->slots[i];
	free(b->slots);
	*b = bigger;
	return true;
}

/* Notes that patient id is in bed; the first patient (lowest id) stays
 * the one named, as the database's own lookup would. */
static bool beds_add(struct beds *b, const char *bed, int64_t id)
{
	if (!*bed)
		return true;
	if (!beds_grow(b))
		return false;
	char key[VIGIL_TEXT_BYTES(VIGIL_BED_MAX)];
	bed_key(bed, key);
	struct bed_slot *slot = bed_slot(b, key);
	if (!slot->id) {
		b->used++;
		memcpy(slot->key, key, sizeof key);
	} else if (slot->id < id) {
		return true;
	}
	slot->id = id;
	return true;
}

static int64_t beds_find(const struct beds *b, const char *bed)
{
	if (!*bed || !b->size)
		return 0;
	char key[VIGIL_TEXT_BYTES(VIGIL_BED_MAX)];
	bed_key(bed, key);
	return bed_slot(b, key)->id;
}

static int add_occupant(const vigil_patient *p, void *ctx)
{
	struct beds *b = ctx;
	b->failed = !beds_add(b, p->bed, p->id);
	return b->failed;
}

static vigil_status read_beds(vigil_session *session, struct beds *b, vigil_error *err)
{
	vigil_status s = vigil_store_patient_each(session->db, false, add_occupant, b, err);
	if (s == VIGIL_OK && b->failed)
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	return s;
}

/* A bed holds one patient: refused naming who is in it, as a single
 * admission is. */
static vigil_status bed_free(vigil_session *session, const struct beds *b, const char *bed,
                             vigil_error *err)
{
	int64_t id = beds_find(b, bed);
	if (!id)
		return VIGIL_OK;
	vigil_patient in_bed;
	vigil_status s = vigil_store_patient_by_id(session->db, id, &in_bed, err);
	if (s == VIGIL_OK)
		s = vigil_fail(err, VIGIL_EINVAL, "bed %s is taken by %s (%s); move or discharge them "
		                                  "first", in_bed.bed, in_bed.name, in_bed.mrn);
	return s;
}

/* ---- admitting ----------------------------------------------------------- */

/* One row, whose fields were checked when the file was read. */
static vigil_status admit_row(vigil_session *session, struct importer *im, struct beds *beds,
                              struct entry *e, vigil_time now, vigil_error *err)
{
	vigil_patient *p = &e->patient;
	vigil_status s = bed_free(session, beds, p->bed, err);
	if (s == VIGIL_OK) {
		p->admitted_at = now;
		s = vigil_store_patient_insert(session->db, session->user.name, p, err);
	}
	if (s == VIGIL_OK && !beds_add(beds, p->bed, p->id))
		s = vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	/* A taken bed, or another program admitting the same MRN since the
	 * file was checked, is a problem with this row. */
	if (s == VIGIL_EINVAL || s == VIGIL_EEXIST)
		problem(im, e->line, "%s", err->msg);
	return s;
}

/* Every row in one transaction, all admitted at the same moment: one
 * import is one event. */
static vigil_status admit_all(vigil_session *session, struct importer *im, vigil_error *err)
{
	struct beds beds = { NULL, 0, 0, false };
	vigil_time now;
	vigil_status s = vigil_clock_now(&now, err);
	if (s == VIGIL_OK)
		s = vigil_db_begin(session->db, err);
	if (s != VIGIL_OK)
		return s;
	s = read_beds(session, &beds, err);
	for (size_t i = 0; s == VIGIL_OK && i < im->nrows; i++)
		s = admit_row(session, im, &beds, &im->rows[i], now, err);
	free(beds.slots);
	if (s == VIGIL_OK && im->nrows) {
		char detail[600];
		snprintf(detail, sizeof detail, "admissions: %zu patient%s from %s", im->nrows,
		         im->nrows == 1 ? "" : "s", im->source);
		s = vigil_audit_note(session, "import", detail, err);
	}
	if (s == VIGIL_OK)
		s = vigil_db_commit(session->db, err);
	else
		vigil_db_rollback(session->db);
	return s;
}

vigil_status vigil_patient_import_stream(vigil_session *session, FILE *in, const char *source,
                                         const vigil_import_hooks *hooks,
                                         vigil_import_result *result, vigil_error *err)
{
	vigil_import_result ignored;
	if (!result)
		result = &ignored;
	memset(result, 0, sizeof *result);
	vigil_status s = vigil_require(session, VIGIL_ACT_IMPORT, err);
	if (s != VIGIL_OK)
		return s;
	struct importer im = { .session = session, .source = source, .hooks = hooks,
		               .result = result, .err = err };
	read_all(&im, in);
	s = im.fatal;
	if (s == VIGIL_OK && result->problems == 0)
		s = admit_all(session, &im, err);
	if (s == VIGIL_OK && result->problems == 0) {
		result->admitted = im.nrows;
		for (size_t i = 0; hooks && hooks->admitted && i < im.nrows; i++)
			hooks->admitted(&im.rows[i].patient, hooks->ctx);
	} else if (s == VIGIL_OK || s == VIGIL_EINVAL || s == VIGIL_EEXIST) {
		s = vigil_fail(err, VIGIL_EINVAL, "%s: %zu problem%s; nothing was admitted", source,
		               result->problems, result->problems == 1 ? "" : "s");
	}
	free(im.buf);
	free(im.rows);
	free(im.slots);
	return s;
}

vigil_status vigil_patient_import(vigil_session *session, const char *path,
                                  const vigil_import_hooks *hooks, vigil_import_result *result,
                                  vigil_error *err)
{
	if (strcmp(path, "-") == 0)
		return vigil_patient_import_stream(session, stdin, "stdin", hooks, result, err);
	vigil_status s = vigil_require(session, VIGIL_ACT_IMPORT, err);
	if (s != VIGIL_OK)
		return s;
	FILE *in = fopen(path, "r");
	if (!in)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	s = vigil_patient_import_stream(session, in, path, hooks, result, err);
	fclose(in);
	return s;
}
