/* csvcheck - reads a CSV file back through libcsv's strict parser, for the
 * shell tests of the exports.
 *
 *   csvcheck FILE            every record on a line, fields joined by '|'
 *   csvcheck -c NAME FILE    the column with header NAME, one per line
 *   csvcheck -n FILE         the number of records after the header
 *
 * In the output '\' '|' CR and LF are written \\ \| \r \n, so any field
 * can be compared as one line of text. Exits 1, saying why, when the file
 * is not RFC 4180 as vigil writes it: a parse error, a line end that is
 * not CRLF, a record with a different field count from the header, bytes
 * that are not UTF-8, or no header at all. */
#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct state {
	const char *column;  /* -c NAME */
	bool count_only;     /* -n */
	long want;           /* index of the column, -1 until known */
	long field, fields, header_fields, records;
	bool bad;
	char *line;          /* the record being built for output */
	size_t len, cap;
};

static void append(struct state *st, const char *s, size_t n)
{
	if (st->len + n + 1 > st->cap) {
		st->cap = (st->len + n + 1) * 2;
		if (!(st->line = realloc(st->line, st->cap))) {
			perror("csvcheck");
			exit(2);
		}
	}
	memcpy(st->line + st->len, s, n);
	st->len += n;
	st->line[st->len] = '\0';
}

static void append_escaped(struct state *st, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *e = s[i] == '\\' ? "\\\\" : s[i] == '|' ? "\\|" : s[i] == '\r' ? "\\r"
		              : s[i] == '\n' ? "\\n" : NULL;
		if (e)
			append(st, e, 2);
		else
			append(st, (const char *)&s[i], 1);
	}
}

static void on_field(void *s, size_t n, void *data)
{
	struct state *st = data;
	bool header = st->records == 0 && st->header_fields < 0;
	if (header && st->column && n == strlen(st->column) && memcmp(s, st->column, n) == 0)
		st->want = st->field;
	if (!st->column) {
		if (st->field)
			append(st, "|", 1);
		append_escaped(st, s, n);
	} else if (st->field == st->want && !header) {
		append_escaped(st, s, n);
	}
	st->field++;
}

static void on_record(int c, void *data)
{
	struct state *st = data;
	(void)c;
	if (st->header_fields < 0) {
		st->header_fields = st->field;
		if (st->column && st->want < 0) {
			fprintf(stderr, "csvcheck: no column '%s'\n", st->column);
			exit(1);
		}
	} else {
		if (st->field != st->header_fields) {
			fprintf(stderr, "csvcheck: record %ld has %ld fields, the header %ld\n",
			        st->records + 1, st->field, st->header_fields);
			st->bad = true;
		}
		st->records++;
	}
	if (!st->count_only && (!st->column || st->records > 0))
		printf("%s\n", st->line ? st->line : "");
	st->len = 0;
	if (st->line)
		st->line[0] = '\0';
	st->field = 0;
}

/* Outside quotes every LF follows a CR and every CR comes before an LF;
 * the file ends with one. */
static bool crlf_only(const unsigned char *b, size_t n)
{
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		if (b[i] == '"')
			quoted = !quoted;
		else if (!quoted && b[i] == '\n' && (i == 0 || b[i - 1] != '\r'))
			return false;
		else if (!quoted && b[i] == '\r' && (i + 1 == n || b[i + 1] != '\n'))
			return false;
	}
	return n >= 2 && b[n - 2] == '\r' && b[n - 1] == '\n';
}

static bool utf8_ok(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = b[i] < 0x80 ? 1 : (b[i] & 0xE0) == 0xC0 ? 2 : (b[i] & 0xF0) == 0xE0 ? 3
		           : (b[i] & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((b[i + k] & 0xC0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

/* Spaces are data: vigil never pads fields, so none may be trimmed. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		exit(2);
	}
	size_t cap = 1 << 16;
	unsigned char *b = malloc(cap);
	*n = 0;
	size_t got;
	while (b && (got = fread(b + *n, 1, cap - *n, fp)) > 0)
		if ((*n += got) == cap && !(b = realloc(b, cap *= 2)))
			break;
	fclose(fp);
	if (!b) {
		perror("csvcheck");
		exit(2);
	}
	return b;
}

int main(int argc, char **argv)
{
	struct state st = { .want = -1, .header_fields = -1 };
	int i = 1;
	if (i + 1 < argc && strcmp(argv[i], "-c") == 0)
		st.column = argv[i + 1], i += 2;
	else if (i < argc && strcmp(argv[i], "-n") == 0)
		st.count_only = true, i++;
	if (i + 1 != argc) {
		fprintf(stderr, "usage: csvcheck [-c COLUMN | -n] FILE\n");
		return 2;
	}
	size_t n;
	unsigned char *b = slurp(argv[i], &n);
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&p, no_space);
	if (csv_parse(&p, b, n, on_field, on_record, &st) != n ||
	    csv_fini(&p, on_field, on_record, &st) != 0) {
		fprintf(stderr, "csvcheck: %s\n", csv_strerror(csv_error(&p)));
		return 1;
	}
	if (st.header_fields < 0) {
		fprintf(stderr, "csvcheck: no header\n");
		return 1;
	}
	if (!crlf_only(b, n)) {
		fprintf(stderr, "csvcheck: a line does not end in CRLF\n");
		return 1;
	}
	if (!utf8_ok(b, n)) {
		fprintf(stderr, "csvcheck: not UTF-8\n");
		return 1;
	}
	if (st.count_only)
		printf("%ld\n", st.records);
	csv_free(&p);
	free(b);
	free(st.line);
	return st.bad ? 1 : 0;
}
