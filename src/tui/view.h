/* view.h - what every screen of the terminal interface shares: the
 * application state, the view table, actions and navigation. Screens draw
 * through draw.h and never call curses themselves. */
#ifndef VIGIL_TUI_VIEW_H
#define VIGIL_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "vigil/assessment.h"
#include "vigil/auth.h"
#include "vigil/chart.h"
#include "vigil/clock.h"
#include "vigil/config.h"
#include "vigil/db.h"
#include "vigil/patient.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24

/* Where a key binding applies; also the sections of the help screen. */
typedef enum tui_scope {
	SCOPE_GLOBAL,
	SCOPE_LOGIN,
	SCOPE_BOARD,
	SCOPE_ENTRY,
	SCOPE_REVIEW,
	SCOPE_PICK,  /* the dose form's drug list */
	SCOPE_FORM,  /* the dose and vital-signs forms */
	SCOPE_PATIENT,
	SCOPE_HANDOVER,
	SCOPE_EXPORT,
	SCOPE_HELP,
	SCOPE_DIALOG,
	SCOPE_FIELD, /* typing into a text field */
	SCOPE_COUNT
} tui_scope;

typedef enum tui_action {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_OPEN,      /* Enter on a list */
	ACT_NEW,       /* new assessment */
	ACT_NOT_DONE,  /* a reassessment not done: asleep, refused... */
	ACT_FIND,
	ACT_SORT,      /* the board's next order */
	ACT_RELOAD,
	ACT_ADMIT,
	ACT_DISCHARGE,
	ACT_MOVE,      /* to another bed */
	ACT_AMEND,
	ACT_VOID,
	ACT_DETAIL,
	ACT_SCALE,     /* next scale */
	ACT_ZOOM,      /* chart time span */
	ACT_EXPORT,    /* the export screen */
	ACT_DOSE,      /* record a dose given */
	ACT_VITALS,    /* record vital signs */
	ACT_NOTE,      /* write a nursing note */
	ACT_LAST_USE,  /* record the substance last used */
	ACT_HANDOVER,  /* the handover view */
	ACT_PREV_SHIFT,
	ACT_NEXT_SHIFT,
	ACT_THIS_SHIFT,/* the shift under way */
	ACT_CHOICE,    /* Left or Right on a choice: the other option */
	ACT_DIGIT,     /* a score, or a measurement's digit */
	ACT_ACCEPT,    /* Enter in entry: take the typed value or keep the score */
	ACT_PREV_ITEM,
	ACT_NEXT_ITEM,
	ACT_ERASE,     /* Backspace in entry: a digit, else back an item */
	ACT_SCORE_MODE,/* measured item: type the score instead */
	ACT_REVIEW,
	ACT_SAVE,
	ACT_NEXT_FIELD,
	ACT_PREV_FIELD,
	ACT_TEXT,      /* a printable character in a field */
	ACT_DELETE,    /* Backspace in a field */
	ACT_CLEAR,     /* Ctrl-U in a field */
	ACT_SUBMIT,    /* Enter in a field or dialog; export in the export form */
	ACT_YES,
	ACT_NO,
	ACT_CANCEL,    /* Esc */
	ACT_BACK,      /* q or Esc on a list */
	ACT_HELP,
	ACT_QUIT,
	ACT_LOCK,
	ACT_REDRAW,
	ACT_COUNT
} tui_action;

/* One key press: a character (code point) or a function key. */
typedef struct tui_key {
	bool fn;  /* true: code is a curses KEY_* value */
	int code; /* the character or key */
} tui_key;

typedef enum tui_view_id {
	VIEW_BOARD,
	VIEW_ENTRY,
	VIEW_PATIENT,
	VIEW_HANDOVER,
	VIEW_EXPORT,
	VIEW_HELP,
	VIEW_DOSE,
	VIEW_VITALS,
	VIEW_COUNT
} tui_view_id;

struct tui;

/* A screen: drawn in full on every frame from its own state. */
typedef struct tui_view {
	const char *name;
	tui_scope scope;              /* its key bindings and help section */
	tui_scope (*scope_of)(struct tui *t); /* when it changes (may be NULL) */
	void (*enter)(struct tui *t); /* becoming the top screen (may be NULL) */
	void (*draw)(struct tui *t);
	void (*key)(struct tui *t, tui_action action, const tui_key *key);
} tui_view;

extern const tui_view login_view, board_view, entry_view, patient_view, handover_view,
	export_view, help_view, dose_view, vitals_view;

/* A modal dialog drawn over the current screen (dialog.c). */
struct dialog;
/* Each screen's own state, defined in its file. */
struct login_state;
struct board_state;
struct entry_state;
struct patient_state;
struct handover_state;
struct export_state;
struct help_state;
struct dose_state;
struct vitals_state;

#define TUI_STACK_MAX 8

typedef enum tui_msg_kind { MSG_INFO, MSG_ERROR } tui_msg_kind;

struct tui {
	const char *db_path;
	vigil_config cfg;        /* read once by the command line, before the
	                          * screen is taken: shifts, witness, ward name */
	char ward[80];           /* shown in the header: the file name, after
	                          * "TRAINING | " on a training database */
	vigil_db *db;
	bool training;           /* a training database: it says so everywhere */
	vigil_session session;
	bool logged_in;
	bool locked;             /* idle lock: the login screen hides the rest */
	vigil_scales *scales;
	vigil_protocols *protocols; /* in force: reloaded with the board */
	vigil_time now;          /* the clock (VIGIL_NOW), read every frame */
	tui_view_id stack[TUI_STACK_MAX];
	size_t depth;
	struct dialog *dialog;   /* open modal dialog or NULL */
	char msg[600];
	tui_msg_kind msg_kind;
	bool quit;
	int exit_status;
	long idle_seconds;       /* VIGIL_IDLE_SECONDS; 0: never lock */
	struct login_state *login;
	struct board_state *board;
	struct entry_state *entry;
	struct patient_state *patient;
	struct handover_state *handover;
	struct export_state *export_form;
	struct help_state *help;
	struct dose_state *dose;
	struct vitals_state *vitals;
};

/* Navigation (tui.c). */
void tui_push(struct tui *t, tui_view_id id);
/* Pushes id, or when it is on the stack already, goes back to it (so
 * screens that open each other do not pile up). */
void tui_raise(struct tui *t, tui_view_id id);
void tui_pop(struct tui *t);
tui_view_id tui_top(const struct tui *t);
void tui_reset_to_board(struct tui *t);

/* The status line. */
void tui_info(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads the protocols in force again (after login, with the board). */
int tui_reload_protocols(struct tui *t);
void tui_clear_msg(struct tui *t);

/* Draws the whole terminal for the current state. */
void tui_draw(struct tui *t);
/* Draws the header bar, the status line and the key hints for scope. */
void tui_draw_frame(struct tui *t, const char *title, tui_scope scope);
/* Rows between the header and the status line: first and count. */
int tui_body_top(void);
int tui_body_rows(void);

/* The display name of a scale key ("COWS"), the key itself if unknown. */
const char *tui_scale_name(const struct tui *t, const char *key);

/* "night shift of 2026-11-20: 19:00 to 2026-11-21 07:00 (12h 00m)" */
void tui_shift_span(const vigil_shift *sh, char *buf, size_t size);

/* Screens' life cycle (each in its file). */
int login_init(struct tui *t, const char *user);
void login_free(struct tui *t);
/* Logs in with name/password; shows vigil_login's message on failure. */
bool login_try(struct tui *t, const char *name, const char *password);
/* Logs in from --user/VIGIL_USER and VIGIL_PASSWORD when both are set. */
void login_auto(struct tui *t);
/* Locks the screen (idle: after VIGIL_IDLE_SECONDS; else ^X). */
void login_lock(struct tui *t, bool idle);

int board_init(struct tui *t);
void board_free(struct tui *t);
void board_reload(struct tui *t);
/* The selected patient (NULL on an empty ward). */
const vigil_patient *board_selected(const struct tui *t);
void board_select(struct tui *t, int64_t patient_id);
size_t board_count(const struct tui *t);
/* "in 45m", "due now", "over 15m" (from the due time). */
void board_due_words(vigil_time due_at, bool overdue, vigil_time now, char *buf, size_t size);
/* The "not done" picker for p's scale (asleep, refused...), recorded by
 * the core; over the current screen. */
void notdone_open(struct tui *t, const vigil_patient *p, const char *scale);

int entry_init(struct tui *t);
void entry_free(struct tui *t);
/* Starts a new assessment of scale (NULL: COWS) for p, on top of the
 * current screen. */
void entry_start(struct tui *t, const vigil_patient *p, const char *scale);
/* Starts correcting assessment a (loaded with its items). */
void entry_start_amend(struct tui *t, const vigil_patient *p, const vigil_assessment *a);
bool entry_in_progress(const struct tui *t);
/* Offers the kept assessment back after the idle lock. */
void entry_offer_resume(struct tui *t);
void entry_discard(struct tui *t);
/* A typed time: HH:MM (the latest such time at or before now) or ISO 8601. */
vigil_status tui_parse_when(struct tui *t, const char *text, vigil_time *out, vigil_error *err);

int patient_init(struct tui *t);
void patient_free(struct tui *t);
void patient_open(struct tui *t, const vigil_patient *p, const char *scale);
void patient_reload(struct tui *t);
/* Selects assessment id in the history, if listed. */
void patient_select(struct tui *t, int64_t id);
/* Selects chart entry id (a dose, vital signs, note or last use). */
void patient_select_chart(struct tui *t, int64_t id);
/* Entries listed for the open patient: assessments, not-done records and
 * chart entries. */
size_t patient_count(const struct tui *t);

/* handover.c: the shift summary on screen (every role reads it). */
int handover_init(struct tui *t);
void handover_free(struct tui *t);
/* Opens the handover of the shift under way, with patient_id's first row
 * selected when listed (0: the first row). The core's refusal for other
 * roles goes to the status line. */
void handover_open(struct tui *t, int64_t patient_id);

/* export.c: the export screen (clinicians and admins). */
int export_init(struct tui *t);
void export_free(struct tui *t);
/* Opens the export form: with mrn, observations of that patient; else a
 * shift summary of shift (NULL: the one under way). */
void export_open(struct tui *t, const vigil_shift *shift, const char *mrn);

int help_init(struct tui *t);
void help_free(struct tui *t);
/* Opens help with the keys of scope first. */
void help_open(struct tui *t, tui_scope scope);

/* dose.c: the dose form (a drug from the list, the usual dose offered,
 * the protocol's decision support), over the board or a patient. */
int dose_init(struct tui *t);
void dose_free(struct tui *t);
void dose_open(struct tui *t, const vigil_patient *p);

/* vitals.c: the vital-signs form. */
int vitals_init(struct tui *t);
void vitals_free(struct tui *t);
void vitals_open(struct tui *t, const vigil_patient *p);

/* notes.c: the note and last-use dialogs, and what they share with the
 * admit form. */
void note_open(struct tui *t, const vigil_patient *p);
void last_use_open(struct tui *t, const vigil_patient *p);
/* A substance typed as its number in the drug list's substances or its
 * key. */
vigil_status tui_parse_substance(const struct tui *t, const char *text, const char **key,
                                 vigil_error *err);
/* When a substance was last used: how long ago ("16h", "1d4h", "90min",
 * with or without "ago"), else as tui_parse_when; blank is now. */
vigil_status tui_parse_used_at(struct tui *t, const char *text, vigil_time *out,
                               vigil_error *err);
/* "1 short-acting: short-acting opioid (heroin, oxycodone)" per
 * substance, as paragraphs of d. */
void tui_substance_paras(const struct tui *t, struct dialog *d);
/* After a chart entry is saved from a form or dialog: the board and an
 * open patient read again, the entry selected. */
void tui_chart_saved(struct tui *t, int64_t id);

/* entries.c: a chart entry of the patient screen (a dose, vital signs, a
 * note, a last use) in full, corrected or marked entered in error. */
void chart_entry_detail(struct tui *t, const vigil_chart_entry *e);
void chart_entry_amend(struct tui *t, const vigil_chart_entry *e);
void chart_entry_void(struct tui *t, const vigil_chart_entry *e);

/* admit.c: the admit, discharge and move dialogs. */
void admit_open(struct tui *t);
void discharge_open(struct tui *t, const vigil_patient *p);
void move_open(struct tui *t, const vigil_patient *p);

#endif
