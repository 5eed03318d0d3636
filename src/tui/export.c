/* export.c - the export screen: a shift summary, observations, doses,
 * vital signs or notes as CSV, through the same core calls as `vigil
 * export` (vigil_export_shifts, vigil_export_observations,
 * vigil_export_doses...), which check the role, write the file atomically
 * and audit it. A refusal keeps the form as typed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draw.h"
#include "field.h"
#include "view.h"
#include "vigil/export.h"

#define PATH_BYTES 4096  /* a full path, as the system allows */
#define FILE_CHARS 1000  /* the file name as typed */
#define TIME_CHARS 40
#define LABEL_W 13
#define FIELD_W 20

typedef enum { KIND_SHIFT, KIND_OBS, KIND_DOSES, KIND_VITALS, KIND_NOTES, NKINDS } export_kind;

/* The choices, as the form shows them and as files are named. */
static const struct {
	const char *label, *file;
} kinds[NKINDS] = {
	[KIND_SHIFT] = { "shift", "shift" }, [KIND_OBS] = { "observations", "observations" },
	[KIND_DOSES] = { "doses", "doses" },         [KIND_VITALS] = { "vitals", "vitals" },
	[KIND_NOTES] = { "notes", "notes" },
};

/* The rows of the form; F_KIND and F_ALL are choices, the rest text. */
enum { F_KIND, F_DATE, F_SHIFT, F_FROM, F_TO, F_MRN, F_SCALE, F_DRUG, F_ALL, F_FILE, NF };

static const int shift_rows[] = { F_KIND, F_DATE, F_SHIFT, F_FILE };
static const int obs_rows[] = { F_KIND, F_FROM, F_TO, F_MRN, F_SCALE, F_ALL, F_FILE };
static const int dose_rows[] = { F_KIND, F_FROM, F_TO, F_MRN, F_DRUG, F_ALL, F_FILE };
static const int chart_rows[] = { F_KIND, F_FROM, F_TO, F_MRN, F_ALL, F_FILE };

struct export_state {
	export_kind kind;
	bool all;            /* amended and entered-in-error rows too */
	bool file_auto;      /* the file name follows the form until typed into */
	size_t focus;        /* index into the kind's rows */
	tui_field fields[NF];
	vigil_config cfg;
	char dir[PATH_BYTES]; /* the export folder; "" when it cannot be had */
	char path[PATH_BYTES + FILE_CHARS * 4 + 2]; /* where the export goes */
	char done[PATH_BYTES + FILE_CHARS * 4 + 64]; /* the last export */
	char witness[192]; /* the ward key and head after it, as summaries print them */
};

int export_init(struct tui *t)
{
	t->export_form = calloc(1, sizeof *t->export_form);
	return t->export_form ? 0 : -1;
}

void export_free(struct tui *t)
{
	free(t->export_form);
	t->export_form = NULL;
}

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static size_t rows_of(export_kind kind, const int **rows)
{
	switch (kind) {
	case KIND_SHIFT: *rows = shift_rows; return COUNT(shift_rows);
	case KIND_OBS: *rows = obs_rows; return COUNT(obs_rows);
	case KIND_DOSES: *rows = dose_rows; return COUNT(dose_rows);
	default: *rows = chart_rows; return COUNT(chart_rows);
	}
}

static int focused(const struct export_state *x)
{
	const int *rows;
	size_t n = rows_of(x->kind, &rows);
	return rows[x->focus < n ? x->focus : 0];
}

static void focus_on(struct export_state *x, int field)
{
	const int *rows;
	size_t n = rows_of(x->kind, &rows);
	for (size_t i = 0; i < n; i++)
		if (rows[i] == field)
			x->focus = i;
}

static const char *text_of(const struct export_state *x, int field)
{
	return x->fields[field].text;
}

/* ---- the file name -------------------------------------------------- */

/* Appends "-" and the letters, digits, '-' and '_' of text (lower case),
 * so a typed value cannot make a strange file name. */
static void append_part(char *buf, size_t size, const char *text)
{
	size_t len = strlen(buf);
	if (!*text || len + 2 >= size)
		return;
	buf[len++] = '-';
	for (; *text && len + 1 < size; text++) {
		unsigned char c = (unsigned char)*text;
		if (isalnum(c) || c == '-' || c == '_')
			buf[len++] = (char)tolower(c);
	}
	buf[len] = '\0';
}

/* shift-2026-11-21-night.csv, observations-mrn1002-cows-2026-11-21.csv,
 * doses-mrn1002-lorazepam-2026-11-21.csv */
static void auto_file(struct tui *t)
{
	struct export_state *x = t->export_form;
	char name[200], today[VIGIL_TIME_LOCAL_LEN];
	if (!x->file_auto)
		return;
	snprintf(name, sizeof name, "%s", kinds[x->kind].file);
	if (x->kind == KIND_SHIFT) {
		append_part(name, sizeof name, text_of(x, F_DATE));
		append_part(name, sizeof name, text_of(x, F_SHIFT));
	} else {
		vigil_time_format_local(t->now, today, sizeof today);
		today[10] = '\0';
		append_part(name, sizeof name, text_of(x, F_MRN));
		if (x->kind == KIND_OBS)
			append_part(name, sizeof name, text_of(x, F_SCALE));
		if (x->kind == KIND_DOSES)
			append_part(name, sizeof name, text_of(x, F_DRUG));
		append_part(name, sizeof name, today);
	}
	snprintf(name + strlen(name), sizeof name - strlen(name), ".csv");
	field_set(&x->fields[F_FILE], name);
}

/* The full path of the file name typed: relative names are in the export
 * folder (vigil-config(5) export-dir), "~/" is the home folder. */
static bool full_path(const struct export_state *x, char *out, size_t size, vigil_error *err)
{
	const char *name = text_of(x, F_FILE), *home = getenv("HOME");
	const char *dir = x->dir;
	if (!*name) {
		vigil_fail(err, VIGIL_EINVAL, "File: give a file name");
		return false;
	}
	if (name[0] == '~' && name[1] == '/' && home && *home) {
		dir = home;
		name += 2;
	} else if (name[0] == '/') {
		dir = "";
	} else if (!*dir) {
		vigil_fail(err, VIGIL_EIO, "no export folder: give a full path (/...)");
		return false;
	}
	size_t dl = strlen(dir);
	int n = snprintf(out, size, "%s%s%s", dir, dl && dir[dl - 1] != '/' ? "/" : "", name);
	if (n < 0 || (size_t)n >= size || (size_t)n >= PATH_BYTES) {
		vigil_fail(err, VIGIL_EINVAL, "File: the path is too long");
		return false;
	}
	return true;
}

/* ---- opening -------------------------------------------------------- */

static void reset_fields(struct export_state *x)
{
	static const struct {
		int field;
		const char *label;
		size_t max;
	} spec[] = {
		{ F_DATE, "Date", 20 },             { F_SHIFT, "Shift", VIGIL_SHIFT_NAME_MAX },
		{ F_FROM, "From", TIME_CHARS },     { F_TO, "To", TIME_CHARS },
		{ F_MRN, "Patient MRN", VIGIL_MRN_MAX }, { F_SCALE, "Scale", VIGIL_SCALE_KEY_MAX },
		{ F_DRUG, "Drug", VIGIL_DRUG_KEY_MAX },
		{ F_FILE, "File", FILE_CHARS },     { F_KIND, "What", 0 },
		{ F_ALL, "Include", 0 },
	};
	for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++)
		field_init(&x->fields[spec[i].field], spec[i].label, spec[i].max, false);
}

void export_open(struct tui *t, const vigil_shift *shift, const char *mrn)
{
	struct export_state *x = t->export_form;
	vigil_error err;
	vigil_shift now;
	if (vigil_require(&t->session, VIGIL_ACT_EXPORT, &err) != VIGIL_OK ||
	    vigil_shift_at(&t->cfg, t->now, &now, &err) != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	x->cfg = t->cfg; /* the shifts this form offers, as the run read them */
	reset_fields(x);
	x->kind = mrn ? KIND_OBS : KIND_SHIFT;
	x->all = false;
	x->focus = 0;
	x->file_auto = true;
	x->done[0] = '\0';
	field_set(&x->fields[F_DATE], shift ? shift->date : now.date);
	field_set(&x->fields[F_SHIFT], shift ? shift->name : now.name);
	field_set(&x->fields[F_MRN], mrn);
	bool no_dir = vigil_config_export_dir(&x->cfg, x->dir, sizeof x->dir, &err) != VIGIL_OK;
	if (no_dir)
		x->dir[0] = '\0';
	auto_file(t);
	tui_raise(t, VIEW_EXPORT);
	/* The form opens all the same: a full path still works. */
	if (no_dir)
		tui_error(t, "%s", err.msg);
}

/* ---- running the export --------------------------------------------- */

static vigil_status run_shift(struct tui *t, const vigil_export_dest *dest, size_t *rows,
                              vigil_error *err)
{
	struct export_state *x = t->export_form;
	vigil_shift sh;
	vigil_status s = vigil_shift_on(&x->cfg, text_of(x, F_DATE), text_of(x, F_SHIFT), &sh, err);
	if (s != VIGIL_OK) {
		focus_on(x, s == VIGIL_ENOTFOUND ? F_SHIFT : F_DATE);
		return s;
	}
	if (!t->protocols)
		return vigil_fail(err, VIGIL_EINVAL, "the protocols are not loaded");
	return vigil_export_shifts(&t->session, t->protocols, &sh, 1, dest, rows, err);
}

/* From or To: blank is no bound; else a time as every face reads one
 * (the core's rule: HH:MM, "2h ago", ISO 8601, nothing before 2000). */
static vigil_status parse_bound(struct export_state *x, int field, vigil_time now,
                                vigil_time *out, vigil_error *err)
{
	const char *text = text_of(x, field);
	*out = 0;
	if (!*text)
		return VIGIL_OK;
	if (vigil_time_typed(text, now, out, err) == VIGIL_OK)
		return VIGIL_OK;
	char msg[sizeof err->msg];
	vigil_copy(msg, sizeof msg, err->msg);
	focus_on(x, field);
	return vigil_fail(err, VIGIL_EINVAL, "%s: %s", x->fields[field].label, msg);
}

/* The filter the form gives: From, To, the patient, the scale or drug. */
static vigil_status read_filter(struct export_state *x, vigil_time now, vigil_export_filter *f,
                                vigil_error *err)
{
	memset(f, 0, sizeof *f);
	f->all = x->all;
	vigil_status s = parse_bound(x, F_FROM, now, &f->from, err);
	if (s == VIGIL_OK)
		s = parse_bound(x, F_TO, now, &f->to, err);
	if (s == VIGIL_OK && (s = vigil_export_filter_check(f, err)) != VIGIL_OK)
		focus_on(x, F_TO);
	f->mrn = *text_of(x, F_MRN) ? text_of(x, F_MRN) : NULL;
	if (x->kind == KIND_OBS && *text_of(x, F_SCALE))
		f->scale = text_of(x, F_SCALE);
	if (x->kind == KIND_DOSES && *text_of(x, F_DRUG))
		f->drug = text_of(x, F_DRUG);
	return s;
}

static vigil_status run_rows(struct tui *t, const vigil_export_dest *dest, size_t *rows,
                             vigil_error *err)
{
	struct export_state *x = t->export_form;
	vigil_export_filter f;
	vigil_status s = read_filter(x, t->now, &f, err);
	if (s == VIGIL_OK && !t->protocols && x->kind != KIND_OBS && x->kind != KIND_NOTES)
		s = vigil_fail(err, VIGIL_EINVAL, "the protocols are not loaded");
	if (s != VIGIL_OK)
		return s;
	switch (x->kind) {
	case KIND_OBS: return vigil_export_observations(&t->session, t->scales, &f, dest, rows, err);
	case KIND_DOSES: return vigil_export_doses(&t->session, t->protocols, &f, dest, rows, err);
	case KIND_VITALS: return vigil_export_vitals(&t->session, t->protocols, &f, dest, rows, err);
	default: return vigil_export_notes(&t->session, &f, dest, rows, err);
	}
}

static void run(struct tui *t, bool force);

static bool replace_yes(struct tui *t, struct dialog *d)
{
	(void)d;
	dialog_close(t);
	run(t, true);
	return true;
}

static void replace_no(struct tui *t, struct dialog *d)
{
	(void)d;
	tui_info(t, "Kept %s; nothing exported.", t->export_form->path);
}

static void ask_replace(struct tui *t)
{
	struct dialog *d = dialog_open(t, DIALOG_CONFIRM, "Replace the file?", replace_yes,
	                               replace_no);
	dialog_para(d, "%s already exists.", t->export_form->path);
	dialog_para(d, "%s", "");
	dialog_para(d, "Replace it with this export? The old file stays until the new one is "
	               "complete.");
	dialog_para(d, "%s", "");
	dialog_para(d, "y: replace    n or Esc: keep it, export nothing");
}

static void run(struct tui *t, bool force)
{
	struct export_state *x = t->export_form;
	vigil_error err;
	size_t rows = 0;
	if (!full_path(x, x->path, sizeof x->path, &err)) {
		focus_on(x, F_FILE);
		tui_error(t, "%s", err.msg);
		return;
	}
	vigil_export_dest dest = { .path = x->path, .force = force };
	tui_info(t, "Exporting...");
	tui_draw(t); /* a large export takes a moment: say so meanwhile */
	vigil_status s = x->kind == KIND_SHIFT ? run_shift(t, &dest, &rows, &err)
	                                       : run_rows(t, &dest, &rows, &err);
	tui_clear_msg(t);
	if (s == VIGIL_EEXIST && !force) {
		ask_replace(t);
	} else if (s != VIGIL_OK) {
		tui_error(t, "%s", err.msg);
	} else {
		snprintf(x->done, sizeof x->done, "%zu row%s to %s", rows, rows == 1 ? "" : "s",
		         x->path);
		/* Noted with the file, the key and head witness the log. */
		vigil_witness wit;
		x->witness[0] = '\0';
		if (vigil_witness_now(&t->session, &wit, &err) == VIGIL_OK)
			snprintf(x->witness, sizeof x->witness, "ward key %s; head %s",
			         vigil_witness_key(&wit), wit.head);
		tui_info(t, "Exported %s", x->done);
	}
}

/* ---- drawing -------------------------------------------------------- */

static void draw_choice(int y, int x, bool on, bool focus, const char *text)
{
	char line[96];
	snprintf(line, sizeof line, "(%c) %s", on ? '*' : ' ', text);
	draw_text(y, x, draw_width(line), on ? ST_BOLD : ST_NORMAL, line);
	if (focus && on)
		draw_cursor(y, x + 1);
}

static void draw_kind(const struct export_state *x, int y, bool focus)
{
	int fx = 2 + LABEL_W;
	draw_text(y, 2, LABEL_W, focus ? ST_BOLD : ST_NORMAL, "What");
	for (int k = 0; k < NKINDS; k++) {
		draw_choice(y, fx, x->kind == (export_kind)k, focus, kinds[k].label);
		fx += draw_width(kinds[k].label) + 6; /* "(*) " and two spaces */
	}
}

static void draw_all(const struct export_state *x, int y, bool focus)
{
	int fx = 2 + LABEL_W;
	draw_text(y, 2, LABEL_W, focus ? ST_BOLD : ST_NORMAL, "Include");
	draw_text(y, fx, 3, x->all ? ST_BOLD : ST_NORMAL, x->all ? "[x]" : "[ ]");
	draw_text(y, fx + 4, draw_cols() - fx - 6, ST_NORMAL,
	          "amended and entered-in-error rows too, flagged by status");
	if (focus)
		draw_cursor(y, fx + 1);
}

/* What a blank or typed value means, right of the field. */
static void hint_of(struct tui *t, int field, char *buf, size_t size)
{
	const struct export_state *x = t->export_form;
	size_t len = 0;
	buf[0] = '\0';
	switch (field) {
	case F_DATE: snprintf(buf, size, "YYYY-MM-DD: the day it starts"); break;
	case F_SHIFT:
		for (size_t i = 0; i < x->cfg.nshifts && len < size; i++) {
			const vigil_shift_def *d = &x->cfg.shifts[i];
			len += (size_t)snprintf(buf + len, size - len, "%s%s %02d:%02d", i ? ", " : "",
			                        d->name, d->start / 60, d->start % 60);
		}
		break;
	case F_FROM: snprintf(buf, size, "blank: from the first; YYYY-MM-DD [HH:MM]"); break;
	case F_TO: snprintf(buf, size, "blank: to the last; rows before this time"); break;
	case F_MRN: snprintf(buf, size, "blank: every patient"); break;
	case F_DRUG: snprintf(buf, size, "blank: every drug"); break;
	case F_SCALE:
		len = (size_t)snprintf(buf, size, "blank: all (");
		for (size_t i = 0; i < vigil_scales_count(t->scales) && len < size; i++)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
			                        vigil_scales_at(t->scales, i)->key);
		if (len < size)
			snprintf(buf + len, size - len, ")");
		break;
	default: break;
	}
}

static void draw_text_row(struct tui *t, int field, int y, bool focus)
{
	const struct export_state *x = t->export_form;
	char hint[200];
	if (field == F_FILE) {
		field_draw(&x->fields[field], y, 2, LABEL_W, draw_cols() - 4, focus);
		return;
	}
	field_draw(&x->fields[field], y, 2, LABEL_W, LABEL_W + FIELD_W, focus);
	hint_of(t, field, hint, sizeof hint);
	int hx = 2 + LABEL_W + FIELD_W + 1;
	draw_text(y, hx, draw_cols() - hx - 1, STYLE_DIM, hint);
}

/* Under the shift: the span it names, or nothing while it names none. */
static void draw_span(const struct export_state *x, int y)
{
	vigil_shift sh;
	vigil_error err;
	char span[160];
	if (vigil_shift_on(&x->cfg, text_of(x, F_DATE), text_of(x, F_SHIFT), &sh, &err) != VIGIL_OK)
		return;
	tui_shift_span(&sh, span, sizeof span);
	draw_text(y, 2 + LABEL_W, draw_cols() - LABEL_W - 4, STYLE_DIM, span);
}

/* Where the file goes, and the last export done from here. */
static void draw_target(struct tui *t, int y)
{
	struct export_state *x = t->export_form;
	char path[sizeof x->path];
	vigil_error err;
	int w = draw_cols() - LABEL_W - 4;
	draw_text(y, 2, LABEL_W, ST_NORMAL, "Goes to");
	if (full_path(x, path, sizeof path, &err))
		draw_data_tail(y, 2 + LABEL_W, w, ST_NORMAL, path);
	else
		draw_text(y, 2 + LABEL_W, w, STYLE_DIM, err.msg);
	if (x->done[0]) {
		draw_text(y + 2, 2, LABEL_W, ST_BOLD, "Exported");
		draw_wrap(y + 2, 2 + LABEL_W, w, 2, ST_BOLD, x->done);
	}
	if (x->done[0] && x->witness[0]) {
		draw_text(y + 4, 2, LABEL_W, ST_NORMAL, "Witness");
		draw_wrap(y + 4, 2 + LABEL_W, w, 2, ST_NORMAL, x->witness);
	}
}

static void export_draw(struct tui *t)
{
	struct export_state *x = t->export_form;
	const int *rows;
	size_t n = rows_of(x->kind, &rows);
	tui_draw_frame(t, "Export to CSV", SCOPE_EXPORT);
	int y = tui_body_top() + 1;
	draw_text(y, 2, draw_cols() - 4, ST_BOLD,
	          "A CSV file for a spreadsheet; every export goes in the audit log.");
	y += 2;
	for (size_t i = 0; i < n; i++) {
		int f = rows[i];
		bool focus = i == x->focus && !dialog_active(t);
		if (f == F_FILE)
			y++;
		if (f == F_KIND)
			draw_kind(x, y, focus);
		else if (f == F_ALL)
			draw_all(x, y, focus);
		else
			draw_text_row(t, f, y, focus);
		y += f == F_KIND ? 2 : 1;
		if (f == F_SHIFT)
			draw_span(x, y++);
	}
	draw_target(t, y);
}

/* ---- keys ----------------------------------------------------------- */

static void choose(struct tui *t)
{
	struct export_state *x = t->export_form;
	int f = focused(x);
	if (f == F_KIND) {
		x->kind = (export_kind)((x->kind + 1) % NKINDS);
		x->focus = 0;
		x->file_auto = true; /* another kind of export, another file */
		auto_file(t);
	} else if (f == F_ALL) {
		x->all = !x->all;
	}
}

static void edit(struct tui *t, tui_action action, const tui_key *key)
{
	struct export_state *x = t->export_form;
	int f = focused(x);
	if (f == F_KIND || f == F_ALL)
		return; /* choices take Left and Right, not text */
	tui_field *field = &x->fields[f];
	field_result r = field_edit(field, action, key);
	if (r == FIELD_FULL)
		tui_error(t, "%s: at most %zu characters", field->label, field->max_chars);
	else if (r == FIELD_CHANGED && f == F_FILE)
		x->file_auto = false;
	else if (r == FIELD_CHANGED)
		auto_file(t);
}

static void export_key(struct tui *t, tui_action action, const tui_key *key)
{
	struct export_state *x = t->export_form;
	const int *rows;
	size_t n = rows_of(x->kind, &rows);
	switch (action) {
	case ACT_NEXT_FIELD: x->focus = (x->focus + 1) % n; break;
	case ACT_PREV_FIELD: x->focus = (x->focus + n - 1) % n; break;
	case ACT_CHOICE: choose(t); break;
	case ACT_SUBMIT: run(t, false); break;
	case ACT_BACK: tui_pop(t); break;
	default: edit(t, action, key); break;
	}
}

const tui_view export_view = {
	.name = "export",
	.scope = SCOPE_EXPORT,
	.draw = export_draw,
	.key = export_key,
};
