/* scale_set.c - the scales vigil knows: those compiled in, then the
 * *.scale files of $VIGIL_SCALES, which add scales or replace a built-in
 * one with the same key (a unit with other CIWA-Ar cut-offs, say). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "vigil/scale.h"
#include "vigil/text.h"
#include "scale_internal.h"
#include "builtin.h"

#define SCALES_MAX 64
#define SCALE_FILE_LIMIT (256 * 1024) /* bytes; the largest shipped file is ~5 KiB */

struct entry {
	vigil_scale *scale;
	bool from_dir; /* read from $VIGIL_SCALES, not built in */
	char origin[160]; /* where the definition in force came from, in words */
	char builtin_hash[65]; /* this vigil's built-in definition of the key, or "" */
};

struct vigil_scales {
	size_t n;
	struct entry list[SCALES_MAX];
};

void vigil_scales_free(vigil_scales *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		vigil_scale_free(set->list[i].scale);
	free(set);
}

size_t vigil_scales_count(const vigil_scales *set)
{
	return set ? set->n : 0;
}

const vigil_scale *vigil_scales_at(const vigil_scales *set, size_t i)
{
	return set && i < set->n ? set->list[i].scale : NULL;
}

static ptrdiff_t find_index(const vigil_scales *set, const char *key)
{
	for (size_t i = 0; set && key && i < set->n; i++)
		if (!strcasecmp(set->list[i].scale->key, key))
			return (ptrdiff_t)i;
	return -1;
}

const vigil_scale *vigil_scales_find(const vigil_scales *set, const char *key)
{
	ptrdiff_t i = find_index(set, key);
	return i < 0 ? NULL : set->list[i].scale;
}

vigil_status vigil_scales_lookup(const vigil_scales *set, const char *key,
                                 const vigil_scale **out, vigil_error *err)
{
	*out = vigil_scales_find(set, key);
	if (*out)
		return VIGIL_OK;
	char known[400] = "", shown[64];
	for (size_t i = 0; i < vigil_scales_count(set); i++)
		vigil_list_add(known, sizeof known, set->list[i].scale->key);
	return vigil_fail(err, VIGIL_ENOTFOUND, "unknown scale '%s' (known: %s)",
	                  vigil_shown(key ? key : "", shown, sizeof shown), known);
}

/* Takes ownership of scale. A directory file replaces a built-in scale of
 * the same key; two files of the directory defining one key is an error,
 * since which one wins would depend on nothing the user can see. */
static vigil_status add_scale(vigil_scales *set, vigil_scale *scale, bool from_dir,
                              vigil_error *err)
{
	ptrdiff_t i = find_index(set, scale->key);
	vigil_status st = VIGIL_OK;
	if (i >= 0 && (!from_dir || set->list[i].from_dir)) {
		st = vigil_fail(err, VIGIL_EEXIST, "%s: scale '%s' is also defined in %s",
		                scale->source, scale->key, set->list[i].scale->source);
	} else if (i >= 0) {
		scale->builtin = set->list[i].scale->builtin &&
		                 strcmp(scale->hash, set->list[i].scale->hash) == 0;
		vigil_scale_free(set->list[i].scale);
		set->list[i].scale = scale;
		set->list[i].from_dir = true;
		vigil_copy(set->list[i].origin, sizeof set->list[i].origin, "VIGIL_SCALES (training)");
		return VIGIL_OK;
	} else if (set->n == SCALES_MAX) {
		st = vigil_fail(err, VIGIL_EINVAL, "%s: too many scales (at most %d)", scale->source,
		                SCALES_MAX);
	} else {
		set->list[set->n++] = (struct entry){ scale, from_dir, "", "" };
		vigil_copy(set->list[set->n - 1].origin, sizeof set->list[0].origin,
		           from_dir ? "VIGIL_SCALES (training)" : "built in");
		return VIGIL_OK;
	}
	vigil_scale_free(scale);
	return st;
}

static vigil_status load_builtin(vigil_scales *set, vigil_error *err)
{
	for (size_t i = 0; i < vigil_builtin_scale_count; i++) {
		char source[128];
		vigil_scale *scale;
		snprintf(source, sizeof source, "builtin:%s", vigil_builtin_scales[i].file);
		vigil_status st = vigil_scale_parse(source, vigil_builtin_scales[i].text, &scale, err);
		if (st)
			return st;
		scale->builtin = true;
		if ((st = add_scale(set, scale, false, err)))
			return st;
		struct entry *e = &set->list[set->n - 1];
		memcpy(e->builtin_hash, e->scale->hash, sizeof e->builtin_hash);
	}
	return VIGIL_OK;
}

/* Reads a whole file of at most SCALE_FILE_LIMIT bytes, NUL-terminated.
 * One byte past the limit is asked for, so a file that grew is caught. */
static vigil_status read_open_file(FILE *f, const char *path, char *buf, size_t *n,
                                   vigil_error *err)
{
	struct stat sb;
	if (fstat(fileno(f), &sb) || !S_ISREG(sb.st_mode))
		return vigil_fail(err, VIGIL_EIO, "%s: not a regular file", path);
	*n = fread(buf, 1, SCALE_FILE_LIMIT + 1, f);
	if (ferror(f))
		return vigil_fail(err, VIGIL_EIO, "%s: read error", path);
	if (*n > SCALE_FILE_LIMIT)
		return vigil_fail(err, VIGIL_EINVAL, "%s: larger than the limit of %d bytes", path,
		                  SCALE_FILE_LIMIT);
	if (memchr(buf, '\0', *n))
		return vigil_fail(err, VIGIL_EINVAL, "%s: contains a NUL byte; not a text file",
		                  path);
	buf[*n] = '\0';
	return VIGIL_OK;
}

static vigil_status read_file(const char *path, char **out, vigil_error *err)
{
	char *buf = malloc(SCALE_FILE_LIMIT + 2);
	if (!buf)
		return vigil_fail(err, VIGIL_ENOMEM, "%s: out of memory", path);
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		free(buf);
		return vigil_fail(err, VIGIL_EIO, "%s: %s", path, strerror(e));
	}
	size_t n = 0;
	vigil_status st = read_open_file(f, path, buf, &n, err);
	fclose(f);
	if (st) {
		free(buf);
		return st;
	}
	*out = buf;
	return VIGIL_OK;
}

static vigil_status load_file(vigil_scales *set, const char *dir, const char *name,
                              vigil_error *err)
{
	size_t size = strlen(dir) + strlen(name) + 2;
	char *path = malloc(size), *text = NULL;
	vigil_scale *scale = NULL;
	if (!path)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory reading %s", dir);
	snprintf(path, size, "%s/%s", dir, name);
	vigil_status st = read_file(path, &text, err);
	if (!st)
		st = vigil_scale_parse(path, text, &scale, err);
	if (!st)
		st = add_scale(set, scale, true, err);
	free(text);
	free(path);
	return st;
}

static bool is_scale_file(const char *name)
{
	size_t len = strlen(name);
	return name[0] != '.' && len > 6 && !strcmp(name + len - 6, ".scale");
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The *.scale names in dir, sorted so that loading is reproducible. */
static vigil_status list_dir(const char *dir, char ***out, size_t *count, vigil_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return vigil_fail(err, VIGIL_EIO, "VIGIL_SCALES: %s: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	vigil_status st = VIGIL_OK;
	struct dirent *e;
	while (!st && (e = readdir(d))) {
		if (!is_scale_file(e->d_name))
			continue;
		if (n == cap) {
			char **grown = realloc(names, (cap = cap ? cap * 2 : 8) * sizeof *names);
			if (!grown) {
				st = vigil_fail(err, VIGIL_ENOMEM, "out of memory reading %s", dir);
				break;
			}
			names = grown;
		}
		size_t len = strlen(e->d_name) + 1;
		if (!(names[n] = malloc(len)))
			st = vigil_fail(err, VIGIL_ENOMEM, "out of memory reading %s", dir);
		else
			memcpy(names[n++], e->d_name, len);
	}
	closedir(d);
	if (st) {
		free_names(names, n);
		return st;
	}
	if (n)
		qsort(names, n, sizeof *names, compare_names);
	*out = names;
	*count = n;
	return VIGIL_OK;
}

static vigil_status load_dir(vigil_scales *set, const char *dir, vigil_error *err)
{
	char **names = NULL;
	size_t n = 0;
	vigil_status st = list_dir(dir, &names, &n, err);
	for (size_t i = 0; !st && i < n; i++)
		st = load_file(set, dir, names[i], err);
	free_names(names, n);
	return st;
}

static int compare_scales(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return strcmp(x->scale->key, y->scale->key);
}

vigil_status vigil_scales_load(vigil_scales **out, vigil_error *err)
{
	*out = NULL;
	vigil_scales *set = calloc(1, sizeof *set);
	if (!set)
		return vigil_fail(err, VIGIL_ENOMEM, "out of memory loading scales");
	vigil_status st = load_builtin(set, err);
	/* A directory that was named but cannot be read is an error: silently
	 * falling back to the built-in bands could mis-band every patient. */
	const char *dir = getenv("VIGIL_SCALES");
	if (!st && dir && *dir)
		st = load_dir(set, dir, err);
	if (st) {
		vigil_scales_free(set);
		return st;
	}
	/* Keys are stored lower case, so this is also the listing order. */
	qsort(set->list, set->n, sizeof set->list[0], compare_scales);
	*out = set;
	return VIGIL_OK;
}

bool vigil_scales_builtin_definition(const vigil_scales *set, const char *key,
                                     const char *hash)
{
	ptrdiff_t i = find_index(set, key);
	return !hash || !*hash || (i >= 0 && strcmp(set->list[i].builtin_hash, hash) == 0);
}

const char *vigil_scales_origin(const vigil_scales *set, const vigil_scale *scale)
{
	for (size_t i = 0; set && i < set->n; i++)
		if (set->list[i].scale == scale)
			return set->list[i].origin;
	return "";
}

vigil_status scales_put_pinned(vigil_scales *set, vigil_scale *scale, const char *origin,
                               vigil_error *err)
{
	ptrdiff_t i = find_index(set, scale->key);
	if (i >= 0 && set->list[i].from_dir) {
		/* On a training database the directory's definition wins. */
		vigil_scale_free(scale);
		return VIGIL_OK;
	}
	if (i < 0) {
		vigil_status st = add_scale(set, scale, false, err);
		if (st == VIGIL_OK) {
			set->list[set->n - 1].scale->builtin = false;
			vigil_copy(set->list[set->n - 1].origin, sizeof set->list[0].origin, origin);
			qsort(set->list, set->n, sizeof set->list[0], compare_scales);
		}
		return st;
	}
	scale->builtin = set->list[i].scale->builtin &&
	                 strcmp(scale->hash, set->list[i].scale->hash) == 0;
	vigil_scale_free(set->list[i].scale);
	set->list[i].scale = scale;
	vigil_copy(set->list[i].origin, sizeof set->list[i].origin, origin);
	return VIGIL_OK;
}
