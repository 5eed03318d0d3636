/* config.c - reading vigil's config file (format in vigil-config(5)).
 * Anything doubtful is refused with "file:line: reason" rather than
 * guessed: a wrong shift boundary would put assessments in the wrong
 * handover report. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "words.h"
#include "vigil/config.h"

/* A config is a few lines; anything bigger is not one. */
#define CONFIG_BYTES_MAX (64 * 1024)

void vigil_config_defaults(vigil_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->nshifts = 2;
	vigil_copy(cfg->shifts[0].name, sizeof cfg->shifts[0].name, "day");
	cfg->shifts[0].start = 7 * 60;
	vigil_copy(cfg->shifts[1].name, sizeof cfg->shifts[1].name, "night");
	cfg->shifts[1].start = 19 * 60;
}

vigil_status vigil_config_default_path(char *buf, size_t size, bool *named, vigil_error *err)
{
	const char *env = getenv("VIGIL_CONFIG");
	int n;
	*named = false;
	if (env && *env) {
		*named = true;
		n = snprintf(buf, size, "%s", env);
	} else if ((env = getenv("XDG_CONFIG_HOME")) && *env) {
		n = snprintf(buf, size, "%s/vigil/config", env);
	} else if ((env = getenv("HOME")) && *env) {
		n = snprintf(buf, size, "%s/.config/vigil/config", env);
	} else {
		/* No home: nowhere a config could be, so the defaults apply. */
		n = snprintf(buf, size, "%s", "");
	}
	if (n < 0 || (size_t)n >= size)
		return vigil_fail(err, VIGIL_EINVAL, "config path is too long");
	return VIGIL_OK;
}

struct parser {
	const char *source;
	int line;
	vigil_error *err;
	vigil_config *cfg;
	int ward_line;
	bool shifts_given; /* the first shift line replaces the defaults */
	int shift_line[VIGIL_SHIFTS_MAX];
};

static vigil_status perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static vigil_status perr(struct parser *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return vigil_fail(p->err, VIGIL_EINVAL, "%s:%d: %s", p->source, p->line, msg);
}

/* "HH:MM", 00:00 to 23:59, two digits each. */
static int parse_hhmm(const char *t)
{
	if (strlen(t) != 5 || t[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (t[i] < '0' || t[i] > '9'))
			return -1;
	int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
	return h > 23 || m > 59 ? -1 : h * 60 + m;
}

static vigil_status parse_ward(struct parser *p, char *rest)
{
	while (words_blank(*rest))
		rest++;
	vigil_error sub;
	if (p->ward_line)
		return perr(p, "ward given twice (first on line %d)", p->ward_line);
	if (vigil_text_check("ward", rest, VIGIL_WARD_NAME_MAX, true, &sub) != VIGIL_OK)
		return perr(p, "%s", sub.msg);
	p->ward_line = p->line;
	vigil_copy(p->cfg->ward, sizeof p->cfg->ward, rest);
	return VIGIL_OK;
}

/* Checks a new shift against those read so far. */
static vigil_status check_shift(struct parser *p, const char *name, int start)
{
	const vigil_config *c = p->cfg;
	for (size_t i = 0; i < c->nshifts; i++) {
		if (strcasecmp(c->shifts[i].name, name) == 0)
			return perr(p, "shift '%s' given twice (first on line %d)", name,
			            p->shift_line[i]);
		if (c->shifts[i].start == start)
			return perr(p, "shifts '%s' and '%s' both start at %02d:%02d",
			            c->shifts[i].name, name, start / 60, start % 60);
	}
	if (c->nshifts == VIGIL_SHIFTS_MAX)
		return perr(p, "more than %d shifts", VIGIL_SHIFTS_MAX);
	return VIGIL_OK;
}

static vigil_status parse_shift(struct parser *p, char *rest)
{
	char *name = words_next(&rest), *start = name ? words_next(&rest) : NULL;
	vigil_error sub;
	if (!name || !start)
		return perr(p, "shift needs a name and a start time: shift NAME HH:MM");
	if (words_next(&rest))
		return perr(p, "shift: unexpected text after the start time");
	if (vigil_ident_check("shift name", name, VIGIL_SHIFT_NAME_MAX, "-_", &sub) != VIGIL_OK)
		return perr(p, "%s", sub.msg);
	int minutes = parse_hhmm(start);
	if (minutes < 0)
		return perr(p, "shift %s: '%s' is not a start time (use HH:MM, 00:00 to 23:59)", name,
		            start);
	if (!p->shifts_given) {
		p->shifts_given = true;
		p->cfg->nshifts = 0;
	}
	vigil_status s = check_shift(p, name, minutes);
	if (s != VIGIL_OK)
		return s;
	vigil_config *c = p->cfg;
	size_t at = c->nshifts;
	/* Insertion keeps the shifts in the order of the day. */
	while (at > 0 && c->shifts[at - 1].start > minutes) {
		c->shifts[at] = c->shifts[at - 1];
		p->shift_line[at] = p->shift_line[at - 1];
		at--;
	}
	vigil_copy(c->shifts[at].name, sizeof c->shifts[at].name, name);
	c->shifts[at].start = minutes;
	p->shift_line[at] = p->line;
	c->nshifts++;
	return VIGIL_OK;
}

/* witness syslog | witness file /ABSOLUTE/PATH */
static vigil_status parse_witness(struct parser *p, char *rest)
{
	char *kind = words_next(&rest);
	if (kind && strcmp(kind, "syslog") == 0 && !words_next(&rest)) {
		p->cfg->witness_syslog = true;
		return VIGIL_OK;
	}
	if (!kind || strcmp(kind, "file") != 0)
		return perr(p, "witness needs 'syslog' or 'file PATH'");
	while (words_blank(*rest))
		rest++;
	vigil_error sub;
	if (*rest != '/')
		return perr(p, "witness file: give an absolute path");
	if (vigil_text_check("witness file", rest, VIGIL_WITNESS_PATH_MAX, true, &sub) != VIGIL_OK)
		return perr(p, "%s", sub.msg);
	if (p->cfg->witness_file[0])
		return perr(p, "witness file given twice");
	vigil_copy(p->cfg->witness_file, sizeof p->cfg->witness_file, rest);
	return VIGIL_OK;
}

/* export-dir /ABSOLUTE/PATH */
static vigil_status parse_export_dir(struct parser *p, char *rest)
{
	vigil_error sub;
	while (words_blank(*rest))
		rest++;
	if (*rest != '/')
		return perr(p, "export-dir: give an absolute path");
	if (vigil_text_check("export-dir", rest, VIGIL_WITNESS_PATH_MAX, true, &sub) != VIGIL_OK)
		return perr(p, "%s", sub.msg);
	if (p->cfg->export_dir[0])
		return perr(p, "export-dir given twice");
	vigil_copy(p->cfg->export_dir, sizeof p->cfg->export_dir, rest);
	return VIGIL_OK;
}

static vigil_status parse_line(void *ctx, int number, char *line)
{
	struct parser *p = ctx;
	p->line = number;
	char *rest = line;
	while (words_blank(*rest))
		rest++;
	if (!*rest || *rest == '#')
		return VIGIL_OK;
	if (vigil_utf8_length(rest) == (size_t)-1)
		return perr(p, "not valid UTF-8 text");
	for (const char *c = rest; *c; c++)
		if ((*c > 0 && *c < 0x20 && *c != '\t') || *c == 0x7f)
			return perr(p, "control character U+%04X is not allowed", (unsigned)*c);
	char *keyword = words_next(&rest);
	if (strcmp(keyword, "ward") == 0)
		return parse_ward(p, rest);
	if (strcmp(keyword, "shift") == 0)
		return parse_shift(p, rest);
	if (strcmp(keyword, "witness") == 0)
		return parse_witness(p, rest);
	if (strcmp(keyword, "export-dir") == 0)
		return parse_export_dir(p, rest);
	return perr(p, "unknown keyword '%s' (known: ward, shift, witness, export-dir)", keyword);
}

vigil_status vigil_config_parse(const char *source, const char *text, vigil_config *out,
                                vigil_error *err)
{
	vigil_config cfg;
	vigil_config_defaults(&cfg);
	struct parser p = { .source = source, .err = err, .cfg = &cfg };
	if (strlen(text) >= CONFIG_BYTES_MAX)
		return vigil_fail(err, VIGIL_EINVAL, "%s: too big for a config file", source);
	char *copy = strdup(text);
	if (!copy)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	vigil_status s = words_each_line(copy, parse_line, &p);
	free(copy);
	if (s == VIGIL_OK)
		*out = cfg;
	return s;
}

/* Reads a whole small file; *missing tells ENOENT apart. */
static vigil_status read_file(const char *path, char **text, bool *missing, vigil_error *err)
{
	*missing = false;
	FILE *fp = fopen(path, "r");
	if (!fp) {
		*missing = errno == ENOENT;
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	}
	char *buf = malloc(CONFIG_BYTES_MAX + 1);
	if (!buf) {
		fclose(fp);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	}
	size_t n = fread(buf, 1, CONFIG_BYTES_MAX + 1, fp);
	vigil_status s = VIGIL_OK;
	if (ferror(fp))
		s = vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(errno));
	else if (n > CONFIG_BYTES_MAX)
		s = vigil_fail(err, VIGIL_EINVAL, "%s: too big for a config file", path);
	else if (memchr(buf, '\0', n))
		s = vigil_fail(err, VIGIL_EINVAL, "%s: not a text file", path);
	fclose(fp);
	if (s != VIGIL_OK) {
		free(buf);
		return s;
	}
	buf[n] = '\0';
	*text = buf;
	return VIGIL_OK;
}

vigil_status vigil_config_load(const char *path, vigil_config *out, vigil_error *err)
{
	char def[4096];
	bool named = true, missing;
	if (!path) {
		vigil_status s = vigil_config_default_path(def, sizeof def, &named, err);
		if (s != VIGIL_OK)
			return s;
		path = def;
	}
	vigil_config_defaults(out);
	if (!*path && !named)
		return VIGIL_OK;
	char *text = NULL;
	vigil_status s = read_file(path, &text, &missing, err);
	if (s != VIGIL_OK)
		return missing && !named ? VIGIL_OK : s;
	s = vigil_config_parse(path, text, out, err);
	free(text);
	return s;
}

/* mkdir -p, private to the user: each missing folder of path, path too. */
static vigil_status make_folders(char *path, vigil_error *err)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char was = *p;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = was;
		if (rc != 0 && errno != EEXIST)
			return vigil_fail(err, VIGIL_EIO, "export folder %s: %s", path, strerror(errno));
		if (!was)
			break;
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return vigil_fail(err, VIGIL_EIO, "export folder %s: not a folder", path);
	return VIGIL_OK;
}

vigil_status vigil_config_export_dir(const vigil_config *cfg, char *buf, size_t size,
                                     vigil_error *err)
{
	const char *env;
	int n;
	if (cfg->export_dir[0])
		n = snprintf(buf, size, "%s", cfg->export_dir);
	else if ((env = getenv("XDG_DATA_HOME")) && *env == '/')
		n = snprintf(buf, size, "%s/vigil/exports", env);
	else if ((env = getenv("HOME")) && *env == '/')
		n = snprintf(buf, size, "%s/.local/share/vigil/exports", env);
	else
		return vigil_fail(err, VIGIL_EINVAL,
		                  "no export folder: set export-dir in the config, or HOME");
	if (n < 0 || (size_t)n >= size)
		return vigil_fail(err, VIGIL_EINVAL, "export folder: the path is too long");
	/* "/a/b/" and "/a/b" are one folder. */
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	return make_folders(buf, err);
}
