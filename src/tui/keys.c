/* keys.c - the default key bindings, in one table. Dispatch looks keys up
 * here; the help screen, the hint line and the man page check are
 * generated from it. */
#include <curses.h>
#include <string.h>

#include "keys.h"

#define B(scope) (1u << (scope))
#define LISTS (B(SCOPE_BOARD) | B(SCOPE_PATIENT) | B(SCOPE_HANDOVER) | B(SCOPE_HELP))
#define VI_LISTS (B(SCOPE_BOARD) | B(SCOPE_PATIENT) | B(SCOPE_HANDOVER))
#define TEXT_SCOPES \
	(B(SCOPE_LOGIN) | B(SCOPE_REVIEW) | B(SCOPE_FIELD) | B(SCOPE_EXPORT) | B(SCOPE_FORM))
#define EDIT_SCOPES (TEXT_SCOPES | B(SCOPE_PICK)) /* Backspace and ^U */
#define CTRL(c) ((c) & 0x1f)
#define ESC 27
#define TEXT_LO 0x20     /* the printable range: any character that is */
#define TEXT_HI 0x10ffff /* not a control, typed into a field */

typedef struct key_binding {
	unsigned scopes;
	bool fn;        /* key is a curses KEY_* code */
	int key, key_hi;/* a key, or a range of characters when key_hi > 0 */
	const char *name; /* as shown; NULL: an alias left out of the help */
	tui_action action;
	const char *help;
	const char *hint; /* short text for the bottom line, or NULL */
} key_binding;

static const key_binding table[] = {
	/* Everywhere, even while typing. */
	{ B(SCOPE_GLOBAL), true, KEY_F(1), 0, "F1", ACT_HELP, "help for this screen", NULL },
	{ B(SCOPE_GLOBAL), false, CTRL('x'), 0, "^X", ACT_LOCK,
	  "lock now: back to the login screen, an assessment in progress is kept", NULL },
	{ B(SCOPE_GLOBAL), false, CTRL('l'), 0, "^L", ACT_REDRAW, "redraw the screen", NULL },

	/* Login. */
	{ B(SCOPE_LOGIN), false, '\n', 0, "Enter", ACT_SUBMIT, "next field, then log in", "log in" },
	{ B(SCOPE_LOGIN), false, '\r', 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_LOGIN), true, KEY_ENTER, 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_LOGIN), false, '\t', 0, "Tab", ACT_NEXT_FIELD, "user name or password field",
	  "field" },
	{ B(SCOPE_LOGIN), true, KEY_DOWN, 0, NULL, ACT_NEXT_FIELD, NULL, NULL },
	{ B(SCOPE_LOGIN), true, KEY_UP, 0, NULL, ACT_PREV_FIELD, NULL, NULL },
	{ B(SCOPE_LOGIN), true, KEY_BTAB, 0, NULL, ACT_PREV_FIELD, NULL, NULL },
	{ B(SCOPE_LOGIN), false, ESC, 0, "Esc", ACT_QUIT, "quit vigil", "quit" },

	/* Moving in lists. */
	{ LISTS, true, KEY_UP, 0, "Up", ACT_UP, "move up", NULL },
	{ VI_LISTS, false, 'k', 0, "k", ACT_UP, "move up", NULL },
	{ LISTS, true, KEY_DOWN, 0, "Down", ACT_DOWN, "move down", NULL },
	{ VI_LISTS, false, 'j', 0, "j", ACT_DOWN, "move down", NULL },
	{ LISTS, true, KEY_PPAGE, 0, "PgUp", ACT_PAGE_UP, "one page up", NULL },
	{ LISTS, true, KEY_NPAGE, 0, "PgDn", ACT_PAGE_DOWN, "one page down", NULL },
	{ LISTS, false, ' ', 0, NULL, ACT_PAGE_DOWN, NULL, NULL },
	{ LISTS, true, KEY_HOME, 0, "Home", ACT_HOME, "first line", NULL },
	{ LISTS, true, KEY_END, 0, "End", ACT_END, "last line", NULL },

	/* Ward board. */
	{ B(SCOPE_BOARD), false, '\n', 0, "Enter", ACT_OPEN, "open the patient: trend and history",
	  "open" },
	{ B(SCOPE_BOARD), false, '\r', 0, NULL, ACT_OPEN, NULL, NULL },
	{ B(SCOPE_BOARD), true, KEY_ENTER, 0, NULL, ACT_OPEN, NULL, NULL },
	{ B(SCOPE_BOARD), false, 'n', 0, "n", ACT_NEW,
	  "new assessment for the patient, on the scale due first", "new" },
	{ B(SCOPE_BOARD), false, 'N', 0, "N", ACT_NOT_DONE,
	  "not done: the most urgent due assessment (asleep, refused, off ward, other)",
	  "not done" },
	{ B(SCOPE_BOARD), false, '/', 0, "/", ACT_FIND,
	  "find a patient by bed, name or MRN: an exact bed first, then an exact MRN, then the "
	  "start of a name (or of a word in it) or MRN, then anywhere in a name, MRN or bed; "
	  "Enter on nothing typed finds the last search's next match", "find" },
	/* n and N are taken (new, not done): the next match is ], as in a pager's
	 * next section. No find actions of its own: the board reads the item ones. */
	{ B(SCOPE_BOARD), false, ']', 0, "]", ACT_NEXT_ITEM,
	  "the last search's next match, in the order above (after the last, the first)", NULL },
	{ B(SCOPE_BOARD), false, '[', 0, "[", ACT_PREV_ITEM,
	  "the last search's previous match (before the first, the last)", NULL },
	{ B(SCOPE_BOARD), false, 's', 0, "s", ACT_SORT,
	  "sort the board: by bed, worst first (the band's severity, then the most overdue), "
	  "due soonest; the header says which", "sort" },
	{ B(SCOPE_BOARD), false, 'a', 0, "a", ACT_ADMIT, "admit a patient", NULL },
	{ B(SCOPE_BOARD), false, 'd', 0, "d", ACT_DISCHARGE, "discharge the patient", NULL },
	{ B(SCOPE_BOARD), false, 'm', 0, "m", ACT_MOVE, "move the patient to another bed", NULL },
	/* The patient's chart: each key is the letter of its entries' rows. */
	{ B(SCOPE_BOARD), false, 'D', 0, "D", ACT_DOSE,
	  "record a dose given to the patient: a drug from the list, its usual dose offered",
	  "dose" },
	{ B(SCOPE_BOARD), false, 'V', 0, "V", ACT_VITALS,
	  "record the patient's vital signs: heart rate, blood pressure, temperature, "
	  "respiratory rate, SpO2", "vitals" },
	{ B(SCOPE_BOARD), false, 'T', 0, "T", ACT_NOTE, "write a timed nursing note on the patient",
	  NULL },
	{ B(SCOPE_BOARD), false, 'U', 0, "U", ACT_LAST_USE,
	  "record the substance the patient last used, and when", NULL },
	{ B(SCOPE_BOARD), false, 'h', 0, "h", ACT_HANDOVER,
	  "handover: the summary of the shift under way", NULL },
	{ B(SCOPE_BOARD), false, 'x', 0, "x", ACT_EXPORT,
	  "export to CSV: a shift summary or observations", NULL },
	{ B(SCOPE_BOARD), false, 'r', 0, "r", ACT_RELOAD, "reload the ward", NULL },
	{ B(SCOPE_BOARD), false, 'q', 0, "q", ACT_QUIT, "quit vigil", "quit" },

	/* Assessment entry: one item at a time. */
	{ B(SCOPE_ENTRY), false, '0', '9', "0-9", ACT_DIGIT,
	  "the item's score; on a measured item (COWS pulse) the digits of the measurement",
	  "score" },
	{ B(SCOPE_ENTRY), false, '\n', 0, "Enter", ACT_ACCEPT,
	  "take the typed measurement or number; on a scored item, keep it and go on", NULL },
	{ B(SCOPE_ENTRY), false, '\r', 0, NULL, ACT_ACCEPT, NULL, NULL },
	{ B(SCOPE_ENTRY), true, KEY_ENTER, 0, NULL, ACT_ACCEPT, NULL, NULL },
	{ B(SCOPE_ENTRY), true, KEY_BACKSPACE, 0, "Backspace", ACT_ERASE,
	  "delete a typed digit, else back an item", "back" },
	{ B(SCOPE_ENTRY), false, 127, 0, NULL, ACT_ERASE, NULL, NULL },
	{ B(SCOPE_ENTRY), false, CTRL('h'), 0, NULL, ACT_ERASE, NULL, NULL },
	{ B(SCOPE_ENTRY), true, KEY_UP, 0, "Up", ACT_PREV_ITEM, "back an item", NULL },
	{ B(SCOPE_ENTRY), true, KEY_DOWN, 0, "Down", ACT_NEXT_ITEM,
	  "next item, keeping this one's score", NULL },
	{ B(SCOPE_ENTRY), false, 's', 0, "s", ACT_SCORE_MODE,
	  "measured item: type the score itself instead of the measurement", NULL },
	{ B(SCOPE_ENTRY), false, '\t', 0, "Tab", ACT_SCALE,
	  "another scale (before the first item is scored)", "scale" },
	{ B(SCOPE_ENTRY), false, 'N', 0, "N", ACT_NOT_DONE,
	  "not done instead (before the first item is scored): asleep, refused, off ward, other",
	  "not done" },
	{ B(SCOPE_ENTRY), true, KEY_NPAGE, 0, "PgDn", ACT_REVIEW,
	  "review page, once every item is scored", NULL },
	{ B(SCOPE_ENTRY), true, KEY_END, 0, "End", ACT_REVIEW,
	  "review page, once every item is scored", NULL },
	{ B(SCOPE_ENTRY), false, ESC, 0, "Esc", ACT_CANCEL, "discard the assessment (asks first)",
	  "discard" },

	/* Review page: fields, then save. */
	{ B(SCOPE_REVIEW), false, '\n', 0, "Enter", ACT_SAVE, "save the assessment", "save" },
	{ B(SCOPE_REVIEW), false, '\r', 0, NULL, ACT_SAVE, NULL, NULL },
	{ B(SCOPE_REVIEW), true, KEY_ENTER, 0, NULL, ACT_SAVE, NULL, NULL },
	{ B(SCOPE_REVIEW), false, ESC, 0, "Esc", ACT_CANCEL, "discard the assessment (asks first)",
	  "discard" },
	{ B(SCOPE_REVIEW), true, KEY_UP, 0, "Up", ACT_PREV_FIELD,
	  "previous field; from the first field, back to the last item", "back" },
	{ B(SCOPE_REVIEW), true, KEY_BTAB, 0, "S-Tab", ACT_PREV_FIELD,
	  "previous field; from the first field, back to the last item", NULL },

	/* The dose form's drug list: type to narrow it. */
	{ B(SCOPE_PICK), true, KEY_UP, 0, "Up", ACT_UP, "the drug above", NULL },
	{ B(SCOPE_PICK), true, KEY_DOWN, 0, "Down", ACT_DOWN, "the drug below", NULL },
	{ B(SCOPE_PICK), false, '\n', 0, "Enter", ACT_SUBMIT,
	  "take the drug selected: the form offers its usual dose, first unit and route", "take" },
	{ B(SCOPE_PICK), false, '\r', 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_PICK), true, KEY_ENTER, 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_PICK), false, ESC, 0, "Esc", ACT_CANCEL, "close the form, recording nothing",
	  "cancel" },
	{ B(SCOPE_PICK), false, TEXT_LO, TEXT_HI, "text", ACT_TEXT,
	  "narrows the list to the drugs whose key or name holds it", NULL },

	/* The dose and vital-signs forms: fields, then record. */
	{ B(SCOPE_FORM), false, '\n', 0, "Enter", ACT_SAVE,
	  "record it, from any field: the dose given, or the vital signs", "record" },
	{ B(SCOPE_FORM), false, '\r', 0, NULL, ACT_SAVE, NULL, NULL },
	{ B(SCOPE_FORM), true, KEY_ENTER, 0, NULL, ACT_SAVE, NULL, NULL },
	{ B(SCOPE_FORM), false, ESC, 0, "Esc",
	  ACT_CANCEL, "dose: back to the drug list; vital signs: close, recording nothing", "back" },
	{ B(SCOPE_FORM), true, KEY_LEFT, 0, "Left", ACT_CHOICE,
	  "on a choice (unit, route, PRN or scheduled): the option before", "option" },
	{ B(SCOPE_FORM), true, KEY_RIGHT, 0, "Right", ACT_CHOICE,
	  "on a choice (unit, route, PRN or scheduled): the next option", NULL },

	/* Patient: trend and history. */
	{ B(SCOPE_PATIENT), false, '\n', 0, "Enter", ACT_DETAIL,
	  "the selected entry in full: an assessment's items, a dose, vital signs, a note; reason, "
	  "note, correction", "detail" },
	{ B(SCOPE_PATIENT), false, '\r', 0, NULL, ACT_DETAIL, NULL, NULL },
	{ B(SCOPE_PATIENT), true, KEY_ENTER, 0, NULL, ACT_DETAIL, NULL, NULL },
	{ B(SCOPE_PATIENT), false, 'n', 0, "n", ACT_NEW, "new assessment on the scale shown",
	  "new" },
	{ B(SCOPE_PATIENT), false, 'N', 0, "N", ACT_NOT_DONE,
	  "not done: the scale shown (asleep, refused, off ward, other)", NULL },
	{ B(SCOPE_PATIENT), false, 'D', 0, "D", ACT_DOSE,
	  "record a dose given: a drug from the list, its usual dose offered", "dose" },
	{ B(SCOPE_PATIENT), false, 'V', 0, "V", ACT_VITALS,
	  "record vital signs: heart rate, blood pressure, temperature, respiratory rate, SpO2",
	  "vitals" },
	{ B(SCOPE_PATIENT), false, 'T', 0, "T", ACT_NOTE, "write a timed nursing note", NULL },
	{ B(SCOPE_PATIENT), false, 'U', 0, "U", ACT_LAST_USE,
	  "record a substance last used, and when (more than one may be)", NULL },
	{ B(SCOPE_PATIENT), false, 'a', 0, "a", ACT_AMEND,
	  "amend the selected entry: an assessment's scores, a not-done record, a dose, vital "
	  "signs, a note or a last use (asks for a reason)", "amend" },
	{ B(SCOPE_PATIENT), false, 'v', 0, "v", ACT_VOID,
	  "void: mark the selected entry (an assessment, not-done record, dose, vital signs, note "
	  "or last use) entered in error (asks for a reason)", "void" },
	{ B(SCOPE_PATIENT), false, '\t', 0, "Tab", ACT_SCALE,
	  "show the patient's next scale: the active ones, then any other they were assessed on",
	  NULL },
	{ B(SCOPE_PATIENT), false, 'z', 0, "z", ACT_ZOOM,
	  "chart time span: zooms in through 7 days, 3 days, 24 hours, 8 hours and 2 hours (those "
	  "clearly shorter than the stay), then the whole stay; opens on 3 days, or the whole "
	  "stay when shorter", NULL },
	{ B(SCOPE_PATIENT), false, 'd', 0, "d", ACT_DISCHARGE, "discharge the patient", NULL },
	{ B(SCOPE_PATIENT), false, 'x', 0, "x", ACT_EXPORT,
	  "export this patient's observations to CSV", NULL },
	{ B(SCOPE_PATIENT), false, 'h', 0, "h", ACT_HANDOVER,
	  "handover of the shift under way, at this patient", NULL },
	{ B(SCOPE_PATIENT), false, 'r', 0, "r", ACT_RELOAD, "reload", NULL },

	/* Handover: the shift summary on screen. */
	{ B(SCOPE_HANDOVER), false, '\n', 0, "Enter", ACT_OPEN, "open the patient: trend and history",
	  "open" },
	{ B(SCOPE_HANDOVER), false, '\r', 0, NULL, ACT_OPEN, NULL, NULL },
	{ B(SCOPE_HANDOVER), true, KEY_ENTER, 0, NULL, ACT_OPEN, NULL, NULL },
	{ B(SCOPE_HANDOVER), true, KEY_LEFT, 0, "Left", ACT_PREV_SHIFT, "the shift before",
	  "earlier" },
	{ B(SCOPE_HANDOVER), true, KEY_RIGHT, 0, "Right", ACT_NEXT_SHIFT,
	  "the shift after, up to the one under way", "later" },
	{ B(SCOPE_HANDOVER), false, 'c', 0, "c", ACT_THIS_SHIFT, "back to the shift under way",
	  NULL },
	{ B(SCOPE_HANDOVER), false, 'x', 0, "x", ACT_EXPORT, "export this shift's summary to CSV",
	  "export" },
	{ B(SCOPE_HANDOVER), false, 'r', 0, "r", ACT_RELOAD, "reload", NULL },

	{ B(SCOPE_PATIENT) | B(SCOPE_HANDOVER) | B(SCOPE_HELP), false, 'q', 0, "q", ACT_BACK,
	  "back", "back" },
	{ B(SCOPE_PATIENT) | B(SCOPE_HANDOVER) | B(SCOPE_HELP), false, ESC, 0, "Esc", ACT_BACK,
	  "back", NULL },

	/* Export: a form; what is typed goes into the field. */
	{ B(SCOPE_EXPORT), false, '\n', 0, "Enter", ACT_SUBMIT,
	  "export: write the file (asks before replacing one)", "export" },
	{ B(SCOPE_EXPORT), false, '\r', 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_EXPORT), true, KEY_ENTER, 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_EXPORT), false, ESC, 0, "Esc", ACT_BACK, "back, exporting nothing", "back" },
	{ B(SCOPE_EXPORT), true, KEY_LEFT, 0, "Left", ACT_CHOICE,
	  "on a choice (what to export, amended and voided rows): the other option", "change" },
	{ B(SCOPE_EXPORT), true, KEY_RIGHT, 0, "Right", ACT_CHOICE,
	  "on a choice (what to export, amended and voided rows): the other option", NULL },

	/* Questions: yes or no. */
	{ B(SCOPE_DIALOG), false, 'y', 0, "y", ACT_YES, "yes", "yes" },
	{ B(SCOPE_DIALOG), false, '\n', 0, "Enter", ACT_YES, "yes", NULL },
	{ B(SCOPE_DIALOG), false, '\r', 0, NULL, ACT_YES, NULL, NULL },
	{ B(SCOPE_DIALOG), true, KEY_ENTER, 0, NULL, ACT_YES, NULL, NULL },
	{ B(SCOPE_DIALOG), false, 'n', 0, "n", ACT_NO, "no", "no" },
	{ B(SCOPE_DIALOG), false, ESC, 0, "Esc", ACT_NO, "no", NULL },

	/* Typing into a field (find, admit, reasons) and the review page. */
	{ B(SCOPE_FIELD), false, '\n', 0, "Enter", ACT_SUBMIT, "confirm", "confirm" },
	{ B(SCOPE_FIELD), false, '\r', 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_FIELD), true, KEY_ENTER, 0, NULL, ACT_SUBMIT, NULL, NULL },
	{ B(SCOPE_FIELD), false, ESC, 0, "Esc", ACT_CANCEL, "cancel", "cancel" },
	{ B(SCOPE_FIELD) | B(SCOPE_REVIEW) | B(SCOPE_EXPORT) | B(SCOPE_FORM), false, '\t', 0,
	  "Tab", ACT_NEXT_FIELD, "next field", "field" },
	{ B(SCOPE_FIELD) | B(SCOPE_REVIEW) | B(SCOPE_EXPORT) | B(SCOPE_FORM), true, KEY_DOWN, 0,
	  "Down", ACT_NEXT_FIELD, "next field", NULL },
	{ B(SCOPE_FIELD) | B(SCOPE_EXPORT) | B(SCOPE_FORM), true, KEY_UP, 0, "Up",
	  ACT_PREV_FIELD, "previous field", NULL },
	{ B(SCOPE_FIELD) | B(SCOPE_EXPORT) | B(SCOPE_FORM), true, KEY_BTAB, 0, NULL,
	  ACT_PREV_FIELD, NULL, NULL },
	{ EDIT_SCOPES, true, KEY_BACKSPACE, 0, "Backspace", ACT_DELETE, "delete a character",
	  NULL },
	{ EDIT_SCOPES, false, 127, 0, NULL, ACT_DELETE, NULL, NULL },
	{ EDIT_SCOPES, false, CTRL('h'), 0, NULL, ACT_DELETE, NULL, NULL },
	{ EDIT_SCOPES, false, CTRL('u'), 0, "^U", ACT_CLEAR, "clear the field", NULL },
	{ TEXT_SCOPES, false, TEXT_LO, TEXT_HI, "text", ACT_TEXT, "typed into the field", NULL },

	/* Help, on every screen where keys are not typed text. */
	{ B(SCOPE_BOARD) | B(SCOPE_ENTRY) | B(SCOPE_PATIENT) | B(SCOPE_HANDOVER) | B(SCOPE_DIALOG),
	  false, '?', 0, "?", ACT_HELP, "help for this screen", "help" },
	{ B(SCOPE_HELP), false, '?', 0, "?", ACT_BACK, "close help", NULL },
};

#define NKEYS (sizeof table / sizeof table[0])

/* The role whose keys the hints and help show; 0 (before a login, and for
 * the man page's table) shows every key. */
static vigil_role shown_role;

void keys_set_role(vigil_role role)
{
	shown_role = role;
}

/* The core's action that an action of the interface asks for, when it is
 * one a role may be refused (auth.h); false for reading and moving. The
 * core still refuses whatever a key reaches (a dialog, a form). */
static bool needs(tui_action action, vigil_action *need)
{
	switch (action) {
	case ACT_NEW:
	case ACT_NOT_DONE: *need = VIGIL_ACT_RECORD; return true;
	case ACT_AMEND:
	case ACT_VOID: *need = VIGIL_ACT_CORRECT; return true;
	case ACT_ADMIT:
	case ACT_DISCHARGE:
	case ACT_MOVE: *need = VIGIL_ACT_ADMIT; return true;
	case ACT_EXPORT: *need = VIGIL_ACT_EXPORT; return true;
	case ACT_DOSE:
	case ACT_VITALS:
	case ACT_NOTE:
	case ACT_LAST_USE: *need = VIGIL_ACT_CHART; return true;
	default: return false;
	}
}

/* Whether the role shown may use b: what the core's role table says. */
static bool usable(const key_binding *b)
{
	vigil_action need;
	return !shown_role || !needs(b->action, &need) || vigil_role_may(shown_role, need);
}

static const char *const titles[SCOPE_COUNT] = {
	[SCOPE_GLOBAL] = "Everywhere",
	[SCOPE_LOGIN] = "Login",
	[SCOPE_BOARD] = "Ward board",
	[SCOPE_ENTRY] = "Assessment entry",
	[SCOPE_REVIEW] = "Assessment review (before saving)",
	[SCOPE_PICK] = "Dose given: picking the drug",
	[SCOPE_FORM] = "Dose and vital-signs forms (before recording)",
	[SCOPE_PATIENT] = "Patient: trend and history",
	[SCOPE_HANDOVER] = "Handover: the shift summary",
	[SCOPE_EXPORT] = "Export to CSV (a form)",
	[SCOPE_HELP] = "Help",
	[SCOPE_DIALOG] = "Questions (yes or no)",
	[SCOPE_FIELD] = "Typing into a field (find, admit, reason)",
};

const char *keys_scope_title(tui_scope scope)
{
	return scope < SCOPE_COUNT ? titles[scope] : "";
}

static bool matches(const key_binding *b, tui_scope scope, const tui_key *key)
{
	if (!(b->scopes & B(scope)) || b->fn != key->fn)
		return false;
	if (b->key_hi)
		return key->code >= b->key && key->code <= b->key_hi;
	return key->code == b->key;
}

tui_action keys_action(tui_scope scope, const tui_key *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (matches(&table[i], SCOPE_GLOBAL, key))
			return table[i].action;
	for (size_t i = 0; i < NKEYS; i++)
		if (matches(&table[i], scope, key))
			return table[i].action;
	return ACT_NONE;
}

/* Consecutive bindings with the same action and help share one line. */
void keys_each_help(tui_scope scope, keys_help_fn fn, void *ctx)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const key_binding *b = &table[i];
		if (!(b->scopes & B(scope)) || !b->name || !usable(b))
			continue;
		char names[64];
		snprintf(names, sizeof names, "%s", b->name);
		while (i + 1 < NKEYS && (table[i + 1].scopes & B(scope)) &&
		       table[i + 1].action == b->action &&
		       (!table[i + 1].name || strcmp(table[i + 1].help, b->help) == 0)) {
			i++;
			if (table[i].name) {
				size_t len = strlen(names);
				snprintf(names + len, sizeof names - len, ", %s", table[i].name);
			}
		}
		fn(names, b->help, ctx);
	}
}

void keys_each_hint(tui_scope scope, keys_hint_fn fn, void *ctx)
{
	for (size_t i = 0; i < NKEYS; i++)
		if ((table[i].scopes & B(scope)) && table[i].hint && table[i].name && usable(&table[i]))
			fn(table[i].name, table[i].hint, ctx);
}

static void print_line(const char *keys, const char *help, void *ctx)
{
	fprintf(ctx, "\t%s\t%s\n", keys, help);
}

void keys_print(FILE *out)
{
	for (int s = 0; s < SCOPE_COUNT; s++) {
		fprintf(out, "%s\n", titles[s]);
		keys_each_help((tui_scope)s, print_line, out);
	}
}
