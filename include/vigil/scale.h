/* scale.h - withdrawal scales as data: items, allowed scores, anchors, bands,
 * and a scoring sheet that refuses any score the scale does not allow. */
#ifndef VIGIL_SCALE_H
#define VIGIL_SCALE_H

#include <stdbool.h>
#include <stddef.h>
#include "vigil/error.h"

/* Keys have at most KEY_MAX - 1 characters, so a char[KEY_MAX] holds one. */
#define VIGIL_SCALE_KEY_MAX 24
#define VIGIL_ITEM_KEY_MAX 24
#define VIGIL_ITEMS_MAX 32
#define VIGIL_SCORES_MAX 32

/* One allowed score of an item and its anchor text ("" when the form
 * prints none, as for some CIWA-Ar values). */
typedef struct vigil_anchor {
	int score;
	const char *text;
} vigil_anchor;

/* A measured value that derives the item's score, e.g. COWS pulse from the
 * heart rate: values lo..hi give score. */
typedef struct vigil_derive {
	int lo, hi, score;
} vigil_derive;

typedef struct vigil_item {
	const char *key;       /* "restlessness" */
	const char *label;     /* "Restlessness" */
	const char *qualifier; /* "observed during the assessment" ("" if none) */
	size_t nscores;
	const vigil_anchor *scores; /* ascending by score */
	/* Optional measurement: raw_key "hr", raw_unit "bpm", plausible range,
	 * and the rules deriving the score. raw_key is NULL when absent. */
	const char *raw_key;
	const char *raw_unit;
	int raw_min, raw_max;
	size_t nderive;
	const vigil_derive *derive;
} vigil_item;

typedef struct vigil_band {
	int lo, hi;
	const char *key;   /* printed: "moderate", "none" */
	const char *label; /* longer text: "no active withdrawal" ("" if none) */
} vigil_band;

typedef struct vigil_scale {
	const char *key;         /* "cows" */
	const char *name;        /* "COWS", printed in results */
	const char *title;       /* "Clinical Opiate Withdrawal Scale" */
	const char *instruction; /* general instruction ("" if none) */
	const char *source;      /* file it came from, for messages */
	size_t nitems;
	const vigil_item *items;
	size_t nbands; /* 0: total only, no bands */
	const vigil_band *bands;
	const char *bands_source; /* "ASAM 2020" or "" */
	int max_total; /* sum of every item's highest score */
	/* BLAKE2b of the file's text, hex: the definition's version, recorded
	 * with every assessment it scores. */
	char hash[65];
	/* This vigil's built-in definition (a ward may pin or install its own,
	 * vigil-scale(5)). */
	bool builtin;
} vigil_scale;

/* Parses one scale file (format in vigil-scale(5)). source names it in
 * messages, which read "source:line: reason". */
vigil_status vigil_scale_parse(const char *source, const char *text, vigil_scale **out,
                               vigil_error *err);
void vigil_scale_free(vigil_scale *scale);

/* The scales compiled into vigil, then those in $VIGIL_SCALES (a directory
 * of *.scale files) which add or override by key. */
typedef struct vigil_scales vigil_scales;
vigil_status vigil_scales_load(vigil_scales **out, vigil_error *err);
void vigil_scales_free(vigil_scales *set);

/* Where the definition of scale in force came from, in words: "built in",
 * "pinned 2026-11-30 (differs from this vigil's built-in)", "this ward's
 * own: ward7.scale, installed ... by boss", "VIGIL_SCALES (training)". */
const char *vigil_scales_origin(const vigil_scales *set, const vigil_scale *scale);

/* Whether hash (an assessment's definition) is this vigil's built-in
 * definition of scale key; "" (recorded before definitions were kept)
 * counts as built in. */
bool vigil_scales_builtin_definition(const vigil_scales *set, const char *key,
                                     const char *hash);

/* The first 12 hex digits of a definition's hash, for people. */
#define VIGIL_DEFINITION_SHOWN 12
size_t vigil_scales_count(const vigil_scales *set);
const vigil_scale *vigil_scales_at(const vigil_scales *set, size_t i);
/* By key, case-insensitive; NULL when unknown. */
const vigil_scale *vigil_scales_find(const vigil_scales *set, const char *key);
/* "unknown scale 'x' (known: ciwa-ar, cows, craving, sows)" */
vigil_status vigil_scales_lookup(const vigil_scales *set, const char *key,
                                 const vigil_scale **out, vigil_error *err);

/* The item with this key, or NULL; *index gets its position when not NULL. */
const vigil_item *vigil_scale_item(const vigil_scale *scale, const char *key, size_t *index);
/* The item whose raw_key is key ("hr"), or NULL. */
const vigil_item *vigil_scale_raw_item(const vigil_scale *scale, const char *key, size_t *index);
bool vigil_item_allows(const vigil_item *item, int score);
int vigil_item_max(const vigil_item *item);
/* "0, 1, 3, 5" */
void vigil_item_allowed_list(const vigil_item *item, char *buf, size_t size);
/* Derives the score from a measurement; fails naming the plausible range. */
vigil_status vigil_item_derive(const vigil_item *item, int raw, int *score, vigil_error *err);
/* The band holding total, or NULL for a total-only scale. */
const vigil_band *vigil_scale_band(const vigil_scale *scale, int total);

/* A band's name where a person reads it: the scale's own label ("no
 * active withdrawal", "moderately severe"), else the key with each '-' a
 * space. key is a band key as recorded (the CSV keeps it); scale may be
 * NULL or lack it (an older definition): then the key's words. Returns
 * buf. */
#define VIGIL_BAND_WORDS_MAX 80
const char *vigil_scale_band_words(const vigil_scale *scale, const char *key, char *buf,
                                   size_t size);

/* How severe a band is, from its place in the scale's bands (lowest
 * first): the lowest band, the highest, and the lower or upper half of
 * those between. For marks and colours; comparing two scales' bands is
 * vigil_band_worse. */
typedef enum vigil_severity {
	VIGIL_SEVERITY_NONE = -1, /* no band: a total-only scale, or no assessment */
	VIGIL_SEVERITY_LOWEST,
	VIGIL_SEVERITY_LOW,
	VIGIL_SEVERITY_HIGH,
	VIGIL_SEVERITY_HIGHEST
} vigil_severity;
/* rank: the band's index in its scale (0 the lowest, -1 none) of count. */
vigil_severity vigil_band_severity(int rank, int count);
/* The band rank a of count_a is worse than rank b of count_b: a higher
 * place, as a fraction of the way from the scale's lowest band to its
 * highest (so COWS "moderate", 2 of 0-4, equals CIWA-Ar "moderate", 1 of
 * 0-2). A rank of -1 (no band) is never worse. */
bool vigil_band_worse(int a, int count_a, int b, int count_b);
/* -1, 0 or 1 as vigil_band_worse orders a after, with or before b:
 * worst first. */
int vigil_band_compare(int a, int count_a, int b, int count_b);

/* A scoring sheet: one slot per item, filled and checked as scores come in. */
typedef struct vigil_item_score {
	bool set;
	int score;
	bool has_raw;
	int raw;
} vigil_item_score;

typedef struct vigil_sheet {
	const vigil_scale *scale;
	vigil_item_score items[VIGIL_ITEMS_MAX];
} vigil_sheet;

void vigil_sheet_init(vigil_sheet *sheet, const vigil_scale *scale);
/* "restlessness: 2 is not a COWS score (allowed: 0, 1, 3, 5)" */
vigil_status vigil_sheet_set(vigil_sheet *sheet, size_t index, int score, vigil_error *err);
/* Stores the measurement and its derived score. */
vigil_status vigil_sheet_set_raw(vigil_sheet *sheet, size_t index, int raw, vigil_error *err);
void vigil_sheet_clear(vigil_sheet *sheet, size_t index);
/* Applies "item=score" or "rawkey=value" (e.g. "hr=112"); keys are
 * case-insensitive. An item already scored is refused ("sweating given
 * twice"): clear it first to change it. */
vigil_status vigil_sheet_assign(vigil_sheet *sheet, const char *arg, vigil_error *err);
/* Sum of the items scored so far. */
int vigil_sheet_partial_total(const vigil_sheet *sheet);
bool vigil_sheet_complete(const vigil_sheet *sheet);
/* The total and band; fails naming the missing items when incomplete. */
vigil_status vigil_sheet_total(const vigil_sheet *sheet, int *total, const vigil_band **band,
                               vigil_error *err);

#endif
