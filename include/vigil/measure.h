/* measure.h - amounts of a drug and vital signs as numbers: parsed from
 * what people type or a protocol file says, checked, and printed back.
 * No database, no terminal.
 *
 * Amounts are kept in thousandths of their unit ("milli-units") so that
 * 0.5 mg and 12.25 mg are exact: "4" is 4000, "0.5" is 500. Vital signs
 * are whole numbers in their unit; temperature is in tenths of a degree
 * Celsius (37.5 is 375). */
#ifndef VIGIL_MEASURE_H
#define VIGIL_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vigil/error.h"

/* ---- amounts ------------------------------------------------------------ */

/* The largest amount, in units (1000000 mg, say), and in thousandths. */
#define VIGIL_AMOUNT_LIMIT 1000000
#define VIGIL_AMOUNT_MILLI_LIMIT ((int64_t)VIGIL_AMOUNT_LIMIT * 1000)
/* Bytes that hold any formatted amount ("1000000.125" or a negative
 * int64_t in thousandths) with its NUL. */
#define VIGIL_AMOUNT_TEXT_MAX 24

/* Digits with at most 3 decimals and a leading digit: "4" -> 4000,
 * "0.5" -> 500, "12.25" -> 12250. Refused, with a message naming the
 * text: empty, not a number ("abc", "1e3", "+2", "5.", ".5", "1,5"),
 * negative, zero, more than 3 decimals, more than 1000000. */
vigil_status vigil_amount_parse(const char *text, int64_t *milli, vigil_error *err);
/* The shortest exact form: 4000 -> "4", 500 -> "0.5", 12250 -> "12.25";
 * never a trailing zero or point. Cut to size, always NUL-terminated. */
void vigil_amount_format(int64_t milli, char *buf, size_t size);

/* Units of measure for doses: "mg", "mcg", "g", "mL". Parsed without
 * regard to case ("ML", "Mg"); *canonical gets the spelling above (a
 * string that lives for ever). "ug" and "µg" are refused: written by hand
 * they are misread as mg, so the message asks for mcg. */
vigil_status vigil_amount_unit_parse(const char *text, const char **canonical,
                                     vigil_error *err);
/* The amount in from_unit expressed in to_unit, both in thousandths: 500
 * mg -> 500000 mcg, 1500 mg -> 1.5 g. Between mass units (g, mg, mcg) and
 * from a unit to itself only; case-insensitive. False (and *out untouched)
 * when the units are not convertible (mL and mg) or unknown, on overflow,
 * and when the result is not a whole number of thousandths (0.001 mcg in
 * g): a sum never loses part of a dose to rounding. */
bool vigil_amount_convert(int64_t milli, const char *from_unit, const char *to_unit,
                          int64_t *out);

/* ---- vital signs ---------------------------------------------------------- */

typedef enum vigil_vital {
	VIGIL_VITAL_HR,   /* heart rate, beats a minute */
	VIGIL_VITAL_SYS,  /* systolic blood pressure, mmHg */
	VIGIL_VITAL_DIA,  /* diastolic blood pressure, mmHg */
	VIGIL_VITAL_TEMP, /* temperature, tenths of a degree Celsius */
	VIGIL_VITAL_RR,   /* respiratory rate, breaths a minute */
	VIGIL_VITAL_SPO2, /* oxygen saturation, percent */
	VIGIL_VITAL_COUNT
} vigil_vital;

/* Bytes that hold a formatted vital value with its NUL. */
#define VIGIL_VITAL_TEXT_MAX 16

/* "hr", "sys", "dia", "temp", "rr", "spo2" ("" for no vital). */
const char *vigil_vital_key(vigil_vital v);
/* "heart rate", "systolic", "diastolic", "temperature",
 * "respiratory rate", "SpO2" ("" for no vital). */
const char *vigil_vital_label(vigil_vital v);
/* A key, case-insensitive: "unknown vital sign 'bp' (use hr, sys, dia,
 * temp, rr or spo2)". */
vigil_status vigil_vital_key_parse(const char *text, vigil_vital *out, vigil_error *err);
/* The plausible values, both ends included, in the vital's own unit (so
 * tenths for temperature): hr 20-250, sys 50-300, dia 20-200,
 * temp 300-450 (30.0-45.0), rr 4-80, spo2 50-100. 0-0 for no vital. */
void vigil_vital_range(vigil_vital v, int *lo, int *hi);
/* One value as typed, in the vital's unit: "120" for hr, "37.5" or "37"
 * for temperature (one decimal at most) -> 375 or 370. Refuses anything
 * else, and a value outside the plausible range, with messages such as
 * "heart rate: '12o' is not a whole number",
 * "temperature: '37.55' has more than one decimal",
 * "heart rate: 300 is not plausible (20-250)". */
vigil_status vigil_vital_value_parse(vigil_vital v, const char *text, int *out,
                                     vigil_error *err);
/* 120 -> "120" for hr; 375 -> "37.5" and 380 -> "38.0" for temperature. */
void vigil_vital_value_format(vigil_vital v, int value, char *buf, size_t size);

#endif
