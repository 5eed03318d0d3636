/* legend.c - the status marks and words every face shows (legend.h). */
#include "vigil/legend.h"

_Static_assert(VIGIL_LATE_SECONDS == 3600, "the legend says late is over an hour");

vigil_standing vigil_standing_of(vigil_assess_status status, bool corrects)
{
	switch (status) {
	case VIGIL_ASSESS_AMENDED: return VIGIL_STANDING_AMENDED;
	case VIGIL_ASSESS_VOIDED: return VIGIL_STANDING_IN_ERROR;
	case VIGIL_ASSESS_FINAL: break;
	}
	return corrects ? VIGIL_STANDING_CORRECTED : VIGIL_STANDING_FINAL;
}

const char *vigil_standing_word(vigil_standing standing)
{
	switch (standing) {
	case VIGIL_STANDING_FINAL: return "final";
	case VIGIL_STANDING_CORRECTED: return "corrected";
	case VIGIL_STANDING_AMENDED: return "amended";
	case VIGIL_STANDING_IN_ERROR: return "entered in error";
	}
	return "unknown";
}

const char *vigil_standing_key(vigil_standing standing)
{
	return standing == VIGIL_STANDING_IN_ERROR ? "entered-in-error" : vigil_standing_word(standing);
}

char vigil_standing_mark(vigil_standing standing)
{
	switch (standing) {
	case VIGIL_STANDING_FINAL: return ' ';
	case VIGIL_STANDING_CORRECTED: return 'C';
	case VIGIL_STANDING_AMENDED: return 'A';
	case VIGIL_STANDING_IN_ERROR: return 'X';
	}
	return '?';
}

const char *vigil_standing_by_word(vigil_standing standing)
{
	switch (standing) {
	case VIGIL_STANDING_AMENDED: return "corrected";
	case VIGIL_STANDING_IN_ERROR: return "marked";
	case VIGIL_STANDING_FINAL:
	case VIGIL_STANDING_CORRECTED: break;
	}
	return "";
}

void vigil_marks(bool late, vigil_standing standing, bool has_note, char out[VIGIL_MARKS_LEN])
{
	out[0] = late ? VIGIL_MARK_LATE : ' ';
	out[1] = vigil_standing_mark(standing);
	out[2] = has_note ? VIGIL_MARK_NOTE : ' ';
	out[3] = '\0';
}

static const vigil_legend_entry legend[] = {
	/* VIGIL_LATE_SECONDS in words */
	{ VIGIL_MARK_LATE, "late entry (entered over an hour after it was done)" },
	{ 'C', "corrected (replaces an earlier record)" },
	{ 'A', "amended (replaced by a correction; not in force)" },
	{ 'X', "entered in error (not in force)" },
	{ VIGIL_MARK_NOTE, "has a note" },
};

const vigil_legend_entry *vigil_legend(size_t *count)
{
	*count = sizeof legend / sizeof legend[0];
	return legend;
}

const char *vigil_mark_meaning(char mark)
{
	for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++)
		if (legend[i].mark == mark)
			return legend[i].meaning;
	return "";
}
