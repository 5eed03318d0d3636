/* cli.h - shared by the command-line face's files only */
#ifndef VIGIL_CLI_H
#define VIGIL_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "vigil/auth.h"
#include "vigil/error.h"
#include "vigil/protocol.h"
#include "vigil/scale.h"

/* Exit statuses: 0 success, 1 failure, 2 usage error. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Global options, given before the command. */
struct cli {
	const char *db_path; /* --db, else NULL for the default */
	const char *user;    /* --user, else $VIGIL_USER */
	const char *config_path; /* --config, else NULL for the default */
	const char *command; /* "record", or "user add" for a group */
	const char *program; /* argv[0]: how vigil was started, for hints */
};

typedef int (*cli_command_fn)(struct cli *cli, int argc, char **argv);

struct cli_command {
	const char *name;     /* "record", "user add" */
	cli_command_fn run;
	const char *usage;    /* arguments after the name */
	const char *summary;  /* one line for --help */
};

/* The command table (commands.c). */
extern const struct cli_command cli_commands[];
extern const size_t cli_command_count;

int cli_main(int argc, char **argv);

/* Prints "vigil: msg" to stderr; returns EXIT_FAIL. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "vigil CMD: msg" and a usage hint; returns EXIT_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints err's message; returns EXIT_FAIL. */
int cli_fail(const vigil_error *err);

/* Options of one command. value receives the option's argument; flag is
 * set for an option without one. Either may be NULL. */
struct cli_option {
	const char *name; /* "--at" */
	const char **value;
	bool *flag;
};

/* Parses argv (after the command name) into options and positionals.
 * Returns EXIT_OK or EXIT_USAGE after printing why. "--help" prints the
 * command's usage and returns -1 (the caller exits 0). */
int cli_parse(struct cli *cli, int argc, char **argv, const struct cli_option *options,
              const char **positional, size_t max_positional, size_t *npositional);

/* Prints one command's usage line(s) to stdout. */
void cli_print_usage(const char *command);

/* Opens the database, resolves the acting user and their password
 * (VIGIL_PASSWORD or a no-echo prompt) and logs in. On failure prints the
 * reason and returns non-zero (the exit status); *session->db is closed
 * by cli_logout. */
int cli_login(struct cli *cli, vigil_session *session);
void cli_logout(vigil_session *session);
/* Opens the database without logging in. */
int cli_open(struct cli *cli, vigil_db **db);
/* The database path the command works on. */
int cli_db_path(struct cli *cli, char *buf, size_t size);

/* A new password: VIGIL_NEW_PASSWORD, else asked twice on the terminal. */
int cli_new_password(char *buf, size_t size);

/* Loads the scales (builtin and $VIGIL_SCALES). */
/* Reads a whole text file of at most limit bytes (kind names it in the
 * refusal: "a protocol file"); *out is malloc'ed and NUL-terminated. */
/* Closes the database cli_open opened (cli_logout does, for a session). */
void cli_close(void);
int cli_read_text(const char *path, size_t limit, const char *kind, char **out);
int cli_load_scales(vigil_scales **scales);

/* The scales and the protocols in force (with the drug list), after
 * login: cli_rules_load loads both, cli_protocols_load the protocols for
 * scales a command already loaded. */
struct cli_rules {
	vigil_scales *scales;
	vigil_protocols *protocols;
};
int cli_rules_load(vigil_session *session, struct cli_rules *r);
void cli_rules_free(struct cli_rules *r);
int cli_protocols_load(vigil_session *session, const vigil_scales *scales,
                       vigil_protocols **out);

/* "10:05" when t falls on now's local date, else "2026-11-20 22:05". */
void cli_time_near(vigil_time t, vigil_time now, char *buf, size_t size);

/* Parses a time argument (--at); 0 stays "now". */
int cli_parse_time(const char *text, const char *option, vigil_time *out);
/* Parses an assessment id. */
int cli_parse_id(struct cli *cli, const char *text, int64_t *out);

/* Fills sheet from ITEM=SCORE words (cmd_scale.c). */
int cli_fill_sheet(vigil_sheet *sheet, const char *const *words, size_t n);

/* Prints "SCALE TOTAL/MAX BAND". */
void cli_print_result(const vigil_scale *scale, int total, const vigil_band *band);

/* The columns text takes once escaped, as cli_put_cell counts them. */
int cli_text_width(const char *text);

/* Writes text with control characters escaped. */
void cli_put_text(const char *text);
/* Writes text escaped in lines of at most width columns, each after
 * indent spaces, broken at spaces where it can be. */
void cli_put_wrapped(const char *text, int indent, int width);
/* Writes text escaped, cut to width columns with a trailing '~' when
 * longer, padded to width. */
void cli_put_cell(const char *text, int width);

#endif
