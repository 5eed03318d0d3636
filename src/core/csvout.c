/* csvout.c - CSV rows through libcsv's writer, and atomic export files */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvout.h"

/* Rows are handed to stdio once this much has gathered: few large writes
 * instead of many small ones. */
#define FLUSH_AT (64 * 1024)

void csvout_init(csv_out *w, FILE *fp)
{
	memset(w, 0, sizeof *w);
	w->fp = fp;
}

void csvout_free(csv_out *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

/* Room for n more bytes; false (and the error noted) when there is none. */
static bool reserve(csv_out *w, size_t n)
{
	if (w->errnum)
		return false;
	if (w->len + n <= w->cap)
		return true;
	size_t cap = w->cap ? w->cap : FLUSH_AT + 4096;
	while (cap < w->len + n)
		cap *= 2;
	char *p = realloc(w->buf, cap);
	if (!p) {
		w->errnum = ENOMEM;
		return false;
	}
	w->buf = p;
	w->cap = cap;
	return true;
}

/* The comma before every field but the first; false on failure. */
static bool begin_field(csv_out *w, size_t room)
{
	if (!reserve(w, room + 1))
		return false;
	if (w->fields++)
		w->buf[w->len++] = ',';
	return true;
}

static bool needs_neutralising(const char *text)
{
	return *text && strchr("=+-@\t\r", *text) != NULL;
}

void csvout_text(csv_out *w, const char *text)
{
	size_t n = strlen(text);
	/* Quotes around, every quote doubled, one more for the ' . */
	if (!begin_field(w, 2 * n + 3))
		return;
	char *field = w->buf + w->len;
	size_t wrote = csv_write(field, w->cap - w->len, text, n);
	if (needs_neutralising(text)) {
		/* After the opening quote, inside the field: '=SUM(A1) */
		memmove(field + 2, field + 1, wrote - 1);
		field[1] = '\'';
		wrote++;
	}
	w->len += wrote;
}

void csvout_int(csv_out *w, long long value)
{
	char digits[24];
	size_t n = 0;
	unsigned long long v = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (!begin_field(w, n + 1))
		return;
	if (value < 0)
		w->buf[w->len++] = '-';
	while (n > 0)
		w->buf[w->len++] = digits[--n];
}

void csvout_decimal(csv_out *w, double value)
{
	/* One decimal with a point whatever the locale: a German "6,5" would
	 * split the field in two. Rounded half away from zero, as %.1f. */
	char text[32];
	long long tenths = llround(value * 10.0);
	long long whole = (tenths < 0 ? -tenths : tenths) / 10;
	int n = snprintf(text, sizeof text, "%s%lld.%lld", tenths < 0 ? "-" : "", whole,
	                 (tenths < 0 ? -tenths : tenths) % 10);
	if (n > 0 && begin_field(w, (size_t)n)) {
		memcpy(w->buf + w->len, text, (size_t)n);
		w->len += (size_t)n;
	}
}

void csvout_number(csv_out *w, const char *digits)
{
	size_t n = strlen(digits);
	if (begin_field(w, n)) {
		memcpy(w->buf + w->len, digits, n);
		w->len += n;
	}
}

void csvout_empty(csv_out *w)
{
	begin_field(w, 0);
}

static void hand_over(csv_out *w)
{
	if (w->errnum || w->len == 0)
		return;
	if (fwrite(w->buf, 1, w->len, w->fp) != w->len)
		w->errnum = errno ? errno : EIO;
	w->len = 0;
}

void csvout_end_row(csv_out *w)
{
	if (reserve(w, 2)) {
		w->buf[w->len++] = '\r';
		w->buf[w->len++] = '\n';
	}
	w->fields = 0;
	if (w->len >= FLUSH_AT)
		hand_over(w);
}

vigil_status csvout_finish(csv_out *w, const char *what, vigil_error *err)
{
	errno = 0;
	hand_over(w);
	if (w->errnum == ENOMEM)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	if (w->errnum)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", what, strerror(w->errnum));
	return VIGIL_OK;
}

/* ---- the destination ------------------------------------------------- */

static bool is_stream(const char *path)
{
	return !path || strcmp(path, "-") == 0;
}

/* The folder holding path, for messages and the final fsync. */
static void folder_of(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		vigil_copy(buf, size, ".");
	else if (slash == path)
		vigil_copy(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

/* The temporary file beside path: hidden, named after the file it is to
 * become, and random (".obs.csv.partial-Ab12Cd"), so one left behind by a
 * killed vigil says what it is and never stands in the way of a retry. */
static char *partial_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path + 1) : 0;
	size_t n = strlen(path) + sizeof ".partial-XXXXXX" + 1;
	char *name = malloc(n);
	if (name)
		snprintf(name, n, "%.*s.%s.partial-XXXXXX", dir, path, path + dir);
	return name;
}

/* Creates the temporary file, mode 0600: mkstemp's 0600 is less the umask,
 * which could leave the file unreadable even to its owner. */
static int create_partial(char *name)
{
	int fd = mkstemp(name);
	if (fd >= 0 && fchmod(fd, 0600) != 0) {
		int e = errno;
		close(fd);
		unlink(name);
		errno = e;
		return -1;
	}
	return fd;
}

static vigil_status refuse_existing(const char *path, vigil_error *err)
{
	return vigil_fail(err, VIGIL_EEXIST, "%s: the file already exists; it was not replaced",
	                  path);
}

vigil_status csvfile_open(const vigil_export_dest *dest, csv_file *f, vigil_error *err)
{
	memset(f, 0, sizeof *f);
	if (is_stream(dest->path)) {
		f->fp = dest->out;
		return f->fp ? VIGIL_OK : vigil_fail(err, VIGIL_EINVAL, "no output stream");
	}
	struct stat st;
	f->path = dest->path;
	f->force = dest->force;
	if (stat(f->path, &st) == 0 && S_ISDIR(st.st_mode))
		return vigil_fail(err, VIGIL_EIO, "%s: is a folder", f->path);
	/* Checked early so a refusal costs no work; publish checks again. */
	if (!dest->force && lstat(f->path, &st) == 0)
		return refuse_existing(f->path, err);
	if (!(f->tmp = partial_name(f->path)))
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	int fd = create_partial(f->tmp);
	if (fd < 0) {
		char dir[4096];
		int e = errno;
		folder_of(f->path, dir, sizeof dir);
		free(f->tmp);
		f->tmp = NULL;
		return vigil_fail(err, VIGIL_EIO, "%s: cannot create a file in %s: %s", f->path, dir,
		                  strerror(e));
	}
	if (!(f->fp = fdopen(fd, "w"))) {
		close(fd);
		csvfile_close(f);
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory");
	}
	f->owned = true;
	return VIGIL_OK;
}

vigil_status csvfile_sync(csv_file *f, vigil_error *err)
{
	const char *name = f->path ? f->path : "standard output";
	errno = 0;
	int bad = fflush(f->fp) != 0 || ferror(f->fp);
	if (!bad && f->owned)
		bad = fsync(fileno(f->fp)) != 0;
	int e = errno ? errno : EIO;
	if (f->owned) {
		bad |= fclose(f->fp) != 0;
		f->fp = NULL;
		f->owned = false;
	}
	if (bad)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", name, strerror(e));
	return VIGIL_OK;
}

/* Without --force the file must not exist: link() refuses atomically where
 * rename() would replace. Folders that cannot hold links get a checked
 * rename instead. */
static int place_new(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno == EEXIST)
		return -1;
	struct stat st;
	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(tmp, path);
}

static void sync_folder(const char *path)
{
	char dir[4096];
	folder_of(path, dir, sizeof dir);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd); /* best effort: the data itself is already synced */
		close(fd);
	}
}

vigil_status csvfile_publish(csv_file *f, vigil_error *err)
{
	if (!f->path)
		return VIGIL_OK;
	if (!f->tmp || f->owned)
		return vigil_fail(err, VIGIL_EINVAL, "%s: the export is not finished", f->path);
	int rc = f->force ? rename(f->tmp, f->path) : place_new(f->tmp, f->path);
	if (rc != 0 && errno == EEXIST)
		return refuse_existing(f->path, err);
	if (rc != 0)
		return vigil_fail(err, VIGIL_EIO, "%s: %s", f->path, strerror(errno));
	free(f->tmp);
	f->tmp = NULL;
	sync_folder(f->path);
	return VIGIL_OK;
}

void csvfile_close(csv_file *f)
{
	if (f->owned && f->fp)
		fclose(f->fp);
	f->fp = NULL;
	f->owned = false;
	if (f->tmp) {
		unlink(f->tmp);
		free(f->tmp);
		f->tmp = NULL;
	}
}
