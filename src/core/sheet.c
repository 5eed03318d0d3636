/* sheet.c - a scoring sheet: one slot per item, each score checked against
 * the scale as it comes in, and a total only when every item is scored. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/scale.h"
#include "vigil/text.h"
#include "scale_internal.h"

#define ASSIGN_MAX 128 /* longer than any "key=value" that could be right */

void vigil_sheet_init(vigil_sheet *sheet, const vigil_scale *scale)
{
	memset(sheet, 0, sizeof *sheet);
	sheet->scale = scale;
}

static vigil_status check_index(const vigil_sheet *sheet, size_t index, vigil_error *err)
{
	if (!sheet->scale)
		return vigil_fail(err, VIGIL_EINVAL, "the sheet has no scale");
	if (index >= sheet->scale->nitems)
		return vigil_fail(err, VIGIL_EINVAL, "%s has no item #%zu", sheet->scale->name,
		                  index + 1);
	return VIGIL_OK;
}

static vigil_status not_allowed(const vigil_scale *scale, const vigil_item *item, int score,
                                vigil_error *err)
{
	char allowed[256];
	vigil_item_allowed_list(item, allowed, sizeof allowed);
	return vigil_fail(err, VIGIL_EINVAL, "%s: %d is not a %s score (allowed: %s)", item->key,
	                  score, scale->name, allowed);
}

vigil_status vigil_sheet_set(vigil_sheet *sheet, size_t index, int score, vigil_error *err)
{
	vigil_status st = check_index(sheet, index, err);
	if (st)
		return st;
	const vigil_item *item = &sheet->scale->items[index];
	if (!vigil_item_allows(item, score))
		return not_allowed(sheet->scale, item, score, err);
	/* A score given directly has no measurement behind it. */
	sheet->items[index] = (vigil_item_score){ .set = true, .score = score };
	return VIGIL_OK;
}

vigil_status vigil_sheet_set_raw(vigil_sheet *sheet, size_t index, int raw, vigil_error *err)
{
	vigil_status st = check_index(sheet, index, err);
	int score;
	if (st || (st = vigil_item_derive(&sheet->scale->items[index], raw, &score, err)))
		return st;
	sheet->items[index] = (vigil_item_score){ true, score, true, raw };
	return VIGIL_OK;
}

void vigil_sheet_clear(vigil_sheet *sheet, size_t index)
{
	if (sheet->scale && index < sheet->scale->nitems)
		sheet->items[index] = (vigil_item_score){ 0 };
}

/* ---- "item=score" ---------------------------------------------------- */

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* A whole decimal integer: optional sign, digits, nothing else. */
static bool parse_int(const char *s, int *out)
{
	const char *d = (*s == '-' || *s == '+') ? s + 1 : s;
	if (!*d || strspn(d, "0123456789") != strlen(d))
		return false;
	errno = 0;
	long v = strtol(s, NULL, 10);
	if (errno || v < INT_MIN || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

static vigil_status unknown_item(const vigil_scale *scale, const char *key, vigil_error *err)
{
	char items[300] = "", raws[100] = "", shown[48];
	for (size_t i = 0; i < scale->nitems; i++) {
		vigil_list_add(items, sizeof items, scale->items[i].key);
		if (scale->items[i].raw_key)
			vigil_list_add(raws, sizeof raws, scale->items[i].raw_key);
	}
	return vigil_fail(err, VIGIL_EINVAL, "%s has no item '%s' (items: %s%s%s)", scale->key,
	                  vigil_shown(key, shown, sizeof shown), items,
	                  *raws ? "; measurements: " : "", raws);
}

/* Applies a parsed assignment to the slot of item, found by its own key
 * (is_raw false) or by its measurement key (is_raw true). */
static vigil_status apply(vigil_sheet *sheet, size_t index, bool is_raw, int value,
                          vigil_error *err)
{
	const vigil_scale *scale = sheet->scale;
	const vigil_item *item = &scale->items[index];
	const vigil_item_score *slot = &sheet->items[index];
	if (slot->set && is_raw && slot->has_raw)
		return vigil_fail(err, VIGIL_EINVAL, "%s given twice", item->raw_key);
	if (slot->set && is_raw)
		return vigil_fail(err, VIGIL_EINVAL, "%s given twice (%s=%d also scores it)",
		                  item->key, item->raw_key, value);
	if (slot->set && slot->has_raw)
		return vigil_fail(err, VIGIL_EINVAL, "%s given twice (%s=%d already scored it)",
		                  item->key, item->raw_key, slot->raw);
	if (slot->set)
		return vigil_fail(err, VIGIL_EINVAL, "%s given twice", item->key);
	if (is_raw)
		return vigil_sheet_set_raw(sheet, index, value, err);
	/* "pulse=112" is most likely a heart rate typed as the score: say how
	 * to give it. */
	if (!vigil_item_allows(item, value) && item->raw_key && value >= item->raw_min &&
	    value <= item->raw_max) {
		char allowed[256];
		vigil_item_allowed_list(item, allowed, sizeof allowed);
		return vigil_fail(err, VIGIL_EINVAL,
		                  "%s: %d is not a %s score (allowed: %s); a measured %s is given "
		                  "as %s=%d", item->key, value, scale->name, allowed, item->raw_key,
		                  item->raw_key, value);
	}
	return vigil_sheet_set(sheet, index, value, err);
}

vigil_status vigil_sheet_assign(vigil_sheet *sheet, const char *arg, vigil_error *err)
{
	char buf[ASSIGN_MAX], shown[48];
	if (!sheet->scale)
		return vigil_fail(err, VIGIL_EINVAL, "the sheet has no scale");
	if (!vigil_copy(buf, sizeof buf, arg))
		return vigil_fail(err, VIGIL_EINVAL, "'%s': too long for item=score",
		                  vigil_shown(arg, shown, sizeof shown));
	char *eq = strchr(buf, '=');
	char *key = buf, *value = NULL;
	if (eq) {
		*eq = '\0';
		key = trim(buf);
		value = trim(eq + 1);
	}
	if (!eq || !*key)
		return vigil_fail(err, VIGIL_EINVAL, "'%s': expected item=score (e.g. %s=%d)",
		                  vigil_shown(arg, shown, sizeof shown), sheet->scale->items[0].key,
		                  sheet->scale->items[0].scores[0].score);
	size_t index;
	const vigil_item *item = vigil_scale_item(sheet->scale, key, &index);
	bool is_raw = !item;
	if (!item && !(item = vigil_scale_raw_item(sheet->scale, key, &index)))
		return unknown_item(sheet->scale, key, err);
	const char *name = is_raw ? item->raw_key : item->key;
	int v;
	if (!*value)
		return vigil_fail(err, VIGIL_EINVAL, "%s: no value after '='", name);
	if (!parse_int(value, &v))
		return vigil_fail(err, VIGIL_EINVAL, "%s: '%s' is not a number", name,
		                  vigil_shown(value, shown, sizeof shown));
	return apply(sheet, index, is_raw, v, err);
}

/* ---- totals ---------------------------------------------------------- */

int vigil_sheet_partial_total(const vigil_sheet *sheet)
{
	int total = 0;
	for (size_t i = 0; sheet->scale && i < sheet->scale->nitems; i++)
		if (sheet->items[i].set)
			total += sheet->items[i].score;
	return total;
}

bool vigil_sheet_complete(const vigil_sheet *sheet)
{
	if (!sheet->scale)
		return false;
	for (size_t i = 0; i < sheet->scale->nitems; i++)
		if (!sheet->items[i].set)
			return false;
	return true;
}

/* The sheet is a plain struct anyone can write to, so each slot is checked
 * again before it counts towards a total. */
static vigil_status recheck(const vigil_scale *scale, size_t i, const vigil_item_score *slot,
                            vigil_error *err)
{
	const vigil_item *item = &scale->items[i];
	int derived;
	if (!vigil_item_allows(item, slot->score))
		return not_allowed(scale, item, slot->score, err);
	if (!slot->has_raw)
		return VIGIL_OK;
	vigil_status st = vigil_item_derive(item, slot->raw, &derived, err);
	if (!st && derived != slot->score)
		st = vigil_fail(err, VIGIL_EINVAL, "%s: score %d does not match %s %d (which gives %d)",
		                item->key, slot->score, item->raw_key, slot->raw, derived);
	return st;
}

vigil_status vigil_sheet_total(const vigil_sheet *sheet, int *total, const vigil_band **band,
                               vigil_error *err)
{
	const vigil_scale *scale = sheet->scale;
	char missing[400] = "";
	if (!scale)
		return vigil_fail(err, VIGIL_EINVAL, "the sheet has no scale");
	for (size_t i = 0; i < scale->nitems; i++)
		if (!sheet->items[i].set)
			vigil_list_add(missing, sizeof missing, scale->items[i].key);
	if (*missing)
		return vigil_fail(err, VIGIL_EINVAL, "%s: missing items: %s", scale->name, missing);
	int sum = 0;
	for (size_t i = 0; i < scale->nitems; i++) {
		vigil_status st = recheck(scale, i, &sheet->items[i], err);
		if (st)
			return st;
		sum += sheet->items[i].score;
	}
	*total = sum;
	if (band)
		*band = vigil_scale_band(scale, sum);
	return VIGIL_OK;
}
