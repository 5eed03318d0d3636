/* scale.c - questions asked of a parsed scale: its items, which scores an
 * item allows, the score a measurement gives, the band a total falls in. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vigil/scale.h"
#include "vigil/text.h"
#include "scale_internal.h"

void vigil_list_add(char *buf, size_t size, const char *word)
{
	static const char more[] = ", ...";
	size_t len = strlen(buf);
	if (len >= 3 && !strcmp(buf + len - 3, "..."))
		return; /* already full */
	size_t need = (len ? 2 : 0) + strlen(word);
	/* Keep room for ", ..." so a later word can still say it is missing. */
	if (len + need + sizeof more <= size) {
		if (len)
			strcat(buf, ", ");
		strcat(buf, word);
	} else if (len + sizeof more <= size) {
		strcat(buf, len ? more : "...");
	}
}

const char *vigil_shown(const char *text, char *buf, size_t size)
{
	if (vigil_text_escape(text, buf, size) >= size && size > 4) {
		/* Cut at a character boundary, then mark the cut. */
		size_t len = strlen(buf);
		while (len > size - 4 || (len && ((unsigned char)buf[len] & 0xC0) == 0x80))
			len--;
		strcpy(buf + len, "...");
	}
	return buf;
}

const vigil_item *vigil_scale_item(const vigil_scale *scale, const char *key, size_t *index)
{
	if (!scale || !key)
		return NULL;
	for (size_t i = 0; i < scale->nitems; i++) {
		if (!strcasecmp(scale->items[i].key, key)) {
			if (index)
				*index = i;
			return &scale->items[i];
		}
	}
	return NULL;
}

const vigil_item *vigil_scale_raw_item(const vigil_scale *scale, const char *key, size_t *index)
{
	if (!scale || !key)
		return NULL;
	for (size_t i = 0; i < scale->nitems; i++) {
		const char *raw = scale->items[i].raw_key;
		if (raw && !strcasecmp(raw, key)) {
			if (index)
				*index = i;
			return &scale->items[i];
		}
	}
	return NULL;
}

bool vigil_item_allows(const vigil_item *item, int score)
{
	for (size_t i = 0; i < item->nscores; i++)
		if (item->scores[i].score == score)
			return true;
	return false;
}

int vigil_item_max(const vigil_item *item)
{
	/* Scores are kept ascending. */
	return item->nscores ? item->scores[item->nscores - 1].score : 0;
}

void vigil_item_allowed_list(const vigil_item *item, char *buf, size_t size)
{
	if (!size)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < item->nscores; i++) {
		char num[16];
		snprintf(num, sizeof num, "%d", item->scores[i].score);
		vigil_list_add(buf, size, num);
	}
}

vigil_status vigil_item_derive(const vigil_item *item, int raw, int *score, vigil_error *err)
{
	if (!item->raw_key)
		return vigil_fail(err, VIGIL_EINVAL, "%s: no measurement derives this score",
		                  item->key);
	if (raw < item->raw_min || raw > item->raw_max)
		return vigil_fail(err, VIGIL_EINVAL, "%s: %d %s is outside the plausible range %d-%d %s",
		                  item->raw_key, raw, item->raw_unit, item->raw_min, item->raw_max,
		                  item->raw_unit);
	for (size_t i = 0; i < item->nderive; i++) {
		if (raw >= item->derive[i].lo && raw <= item->derive[i].hi) {
			*score = item->derive[i].score;
			return VIGIL_OK;
		}
	}
	/* The parser makes the rules cover the range; this is a safety net. */
	return vigil_fail(err, VIGIL_EINVAL, "%s: no score for %d %s", item->raw_key, raw,
	                  item->raw_unit);
}

const vigil_band *vigil_scale_band(const vigil_scale *scale, int total)
{
	for (size_t i = 0; i < scale->nbands; i++)
		if (total >= scale->bands[i].lo && total <= scale->bands[i].hi)
			return &scale->bands[i];
	return NULL;
}

const char *vigil_scale_band_words(const vigil_scale *scale, const char *key, char *buf,
                                   size_t size)
{
	if (!size)
		return buf;
	for (size_t i = 0; scale && key && i < scale->nbands; i++)
		if (!strcmp(scale->bands[i].key, key) && *scale->bands[i].label) {
			snprintf(buf, size, "%s", scale->bands[i].label);
			return buf;
		}
	snprintf(buf, size, "%s", key ? key : "");
	for (char *c = buf; *c; c++)
		if (*c == '-')
			*c = ' ';
	return buf;
}

vigil_severity vigil_band_severity(int rank, int count)
{
	if (rank < 0 || count <= 0 || rank >= count)
		return VIGIL_SEVERITY_NONE;
	if (rank == count - 1 && count > 1)
		return VIGIL_SEVERITY_HIGHEST;
	if (rank == 0)
		return VIGIL_SEVERITY_LOWEST;
	/* Between: past the middle of the scale's bands is the upper half. */
	return rank * 2 >= count - 1 ? VIGIL_SEVERITY_HIGH : VIGIL_SEVERITY_LOW;
}

int vigil_band_compare(int a, int count_a, int b, int count_b)
{
	if (a < 0 || b < 0)
		return (b >= 0) - (a >= 0);
	/* a / (count_a - 1) against b / (count_b - 1), in whole numbers. */
	long long fa = (long long)a * (count_b > 1 ? count_b - 1 : 1);
	long long fb = (long long)b * (count_a > 1 ? count_a - 1 : 1);
	return fa > fb ? -1 : fa < fb ? 1 : 0;
}

bool vigil_band_worse(int a, int count_a, int b, int count_b)
{
	return vigil_band_compare(a, count_a, b, count_b) < 0;
}
