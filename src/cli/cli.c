/* cli.c - global options, dispatch and the helpers every command shares */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "vigil/scale_defs.h"
#include "tui/tui.h"
#include "vigil/clock.h"
#include "vigil/config.h"
#include "vigil/db.h"
#include "vigil/text.h"

#define PATH_BYTES 4096

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("vigil: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "vigil%s%s: ", cli && cli->command ? " " : "",
	        cli && cli->command ? cli->command : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cli && cli->command)
		fprintf(stderr, " (see 'vigil %s --help')\n", cli->command);
	else
		fputs(" (see 'vigil --help')\n", stderr);
	return EXIT_USAGE;
}

int cli_fail(const vigil_error *err)
{
	/* Messages can quote stored or typed text: control characters, DEL,
	 * invisible formatting characters (a bidi override stored by another
	 * program) and invalid UTF-8 are shown escaped, never sent to the
	 * terminal. Backslashes stay as they are: the core's messages already
	 * escape what they quote. */
	char shown[sizeof err->msg * 4];
	vigil_message_escape(err->msg, shown, sizeof shown);
	return cli_error("%s", shown);
}

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < cli_command_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

void cli_print_usage(const char *command)
{
	for (size_t i = 0; i < cli_command_count; i++) {
		const struct cli_command *c = &cli_commands[i];
		if (!command || strcmp(c->name, command) == 0 ||
		    (strncmp(c->name, command, strlen(command)) == 0 &&
		     c->name[strlen(command)] == ' '))
			printf("usage: vigil %s%s%s\n       %s\n", c->name, *c->usage ? " " : "",
			       c->usage, c->summary);
	}
}

static void print_help(void)
{
	printf("vigil %s - withdrawal scoring for supervised detox units\n\n"
	       "usage: vigil [--db PATH] [--user NAME] [--config PATH] [COMMAND [ARGS]]\n\n"
	       "With no command, vigil opens the terminal interface.\n\nCommands:\n",
	       VIGIL_VERSION);
	int width = 18; /* the longest name, so no name runs into its summary */
	for (size_t i = 0; i < cli_command_count; i++)
		if ((int)strlen(cli_commands[i].name) > width)
			width = (int)strlen(cli_commands[i].name);
	for (size_t i = 0; i < cli_command_count; i++)
		printf("  %-*s %s\n", width, cli_commands[i].name, cli_commands[i].summary);
	printf("\nEnvironment: VIGIL_DB, VIGIL_USER, VIGIL_PASSWORD, VIGIL_NEW_PASSWORD,\n"
	       "VIGIL_SCALES, VIGIL_NOW, VIGIL_BUSY_TIMEOUT, VIGIL_CONFIG. See vigil(1).\n");
}

static bool matches(const char *arg, const char *name, const char **inline_value)
{
	size_t len = strlen(name);
	if (strncmp(arg, name, len) != 0)
		return false;
	if (arg[len] == '\0') {
		*inline_value = NULL;
		return true;
	}
	if (arg[len] == '=') {
		*inline_value = arg + len + 1;
		return true;
	}
	return false;
}

/* One option at argv[*i]; returns EXIT_OK or EXIT_USAGE. */
static int parse_option(struct cli *cli, int argc, char **argv, int *i,
                        const struct cli_option *options)
{
	const char *arg = argv[*i], *inline_value;
	for (const struct cli_option *o = options; o && o->name; o++) {
		if (!matches(arg, o->name, &inline_value))
			continue;
		if (o->flag) {
			if (inline_value)
				return cli_usage_error(cli, "%s takes no value", o->name);
			*o->flag = true;
		} else if (inline_value) {
			*o->value = inline_value;
		} else if (*i + 1 < argc) {
			*o->value = argv[++*i];
		} else {
			return cli_usage_error(cli, "%s needs a value", o->name);
		}
		return EXIT_OK;
	}
	return cli_usage_error(cli, "unknown option '%s'", arg);
}

int cli_parse(struct cli *cli, int argc, char **argv, const struct cli_option *options,
              const char **positional, size_t max_positional, size_t *npositional)
{
	size_t n = 0;
	bool options_done = false;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (!options_done && strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (!options_done && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
			cli_print_usage(cli->command);
			return -1;
		} else if (!options_done && arg[0] == '-' && arg[1] != '\0' &&
		           !(arg[1] >= '0' && arg[1] <= '9')) { /* "-1": a value, not an option */
			int rc = parse_option(cli, argc, argv, &i, options);
			if (rc != EXIT_OK)
				return rc;
		} else if (n < max_positional) {
			positional[n++] = arg;
		} else {
			return cli_usage_error(cli, "unexpected argument '%s'", arg);
		}
	}
	*npositional = n;
	return EXIT_OK;
}

int cli_db_path(struct cli *cli, char *buf, size_t size)
{
	vigil_error err;
	if (cli->db_path) {
		if (!*cli->db_path)
			return cli_usage_error(cli, "--db needs a path");
		if (!vigil_copy(buf, size, cli->db_path))
			return cli_error("--db: path is too long");
		return EXIT_OK;
	}
	/* The core names what is missing; the way out here is also a flag. */
	if (vigil_db_default_path(buf, size, &err) != VIGIL_OK)
		return err.code == VIGIL_ENOTFOUND ? cli_error("%s: set one, or pass --db PATH", err.msg)
		                                   : cli_fail(&err);
	return EXIT_OK;
}

/* The process's one database handle, and the scales a command loaded.
 * Loading scales opens the database when there is one, so the ward's
 * pinned definitions are in force before a command looks a scale up;
 * every later cli_open and cli_login use the same handle. */
static struct cli *the_cli;
static vigil_scales *loaded_scales;
static vigil_db *opened_db;

static int pin_scales(void)
{
	vigil_error err;
	if (loaded_scales && opened_db &&
	    vigil_scales_apply_db(loaded_scales, opened_db, &err) != VIGIL_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

int cli_open(struct cli *cli, vigil_db **db)
{
	if (opened_db) {
		*db = opened_db;
		return EXIT_OK;
	}
	char path[PATH_BYTES];
	vigil_error err;
	int rc = cli_db_path(cli, path, sizeof path);
	if (rc != EXIT_OK)
		return rc;
	if (vigil_db_open(path, db, &err) != VIGIL_OK)
		return cli_fail(&err);
	opened_db = *db;
	/* The witnesses of the log's head, from the config, before any write. */
	vigil_config cfg;
	if (vigil_config_load(cli->config_path, &cfg, &err) != VIGIL_OK ||
	    vigil_db_witness(*db, cfg.witness_syslog, cfg.witness_file, &err) != VIGIL_OK) {
		cli_close();
		return cli_fail(&err);
	}
	if ((rc = pin_scales()) != EXIT_OK)
		cli_close();
	return rc;
}

void cli_close(void)
{
	vigil_db_close(opened_db);
	opened_db = NULL;
}

/* The terminal's settings while echo is off, so an interrupt at the
 * prompt can give the user their echo back before vigil dies. */
static int prompt_fd = -1;
static struct termios prompt_saved;

static void restore_echo_and_die(int sig)
{
	if (prompt_fd >= 0)
		tcsetattr(prompt_fd, TCSAFLUSH, &prompt_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads one line from the terminal without echo. */
static int prompt_secret(const char *prompt, char *buf, size_t size)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct termios saved, quiet;
	bool restore = tcgetattr(fd, &saved) == 0;
	if (restore) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		prompt_saved = saved;
		prompt_fd = fd;
		signal(SIGINT, restore_echo_and_die);
		signal(SIGTERM, restore_echo_and_die);
		signal(SIGHUP, restore_echo_and_die);
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* nothing useful to do: the read below still works */
	}
	size_t len = 0;
	char c;
	ssize_t got;
	while ((got = read(fd, &c, 1)) == 1 && c != '\n' && c != '\r') {
		if (len + 1 < size)
			buf[len++] = c;
	}
	buf[len] = '\0';
	if (restore) {
		tcsetattr(fd, TCSAFLUSH, &saved);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		prompt_fd = -1;
	}
	if (write(fd, "\n", 1) < 0) {
		/* as above */
	}
	close(fd);
	return got < 0 ? -1 : 0;
}

int cli_login(struct cli *cli, vigil_session *session)
{
	const char *user = cli->user ? cli->user : getenv("VIGIL_USER");
	if (!user || !*user)
		return cli_usage_error(cli, "who is acting? pass --user NAME or set VIGIL_USER");
	vigil_db *db;
	int rc = cli_open(cli, &db);
	if (rc != EXIT_OK)
		return rc;
	char typed[VIGIL_PASSWORD_MAX + 2];
	const char *password = getenv("VIGIL_PASSWORD");
	if (!password) {
		char prompt[96];
		snprintf(prompt, sizeof prompt, "Password for %.40s: ", user);
		if (prompt_secret(prompt, typed, sizeof typed) != 0) {
			cli_close();
			return cli_error("no terminal to ask for the password; set VIGIL_PASSWORD");
		}
		password = typed;
	}
	vigil_error err;
	vigil_status s = vigil_login(db, user, password, session, &err);
	explicit_bzero(typed, sizeof typed);
	/* A password an admin set is changed before anything else: refused
	 * here, before a command prints a line of its own. */
	if (s == VIGIL_OK && strcmp(cli->command ? cli->command : "", "passwd") != 0)
		s = vigil_session_ready(session, &err);
	if (s != VIGIL_OK) {
		cli_close();
		return cli_fail(&err);
	}
	return EXIT_OK;
}

void cli_logout(vigil_session *session)
{
	if (session->db == opened_db)
		cli_close();
	else
		vigil_db_close(session->db);
	session->db = NULL;
}

int cli_new_password(char *buf, size_t size)
{
	const char *env = getenv("VIGIL_NEW_PASSWORD");
	vigil_error err;
	if (env) {
		if (!vigil_copy(buf, size, env))
			return cli_error("password: longer than %d characters", VIGIL_PASSWORD_MAX);
	} else {
		char again[VIGIL_PASSWORD_MAX + 2];
		if (prompt_secret("New password: ", buf, size) != 0)
			return cli_error("no terminal to ask for a new password; set "
			                 "VIGIL_NEW_PASSWORD");
		int rc = EXIT_OK;
		if (vigil_password_check(buf, &err) != VIGIL_OK)
			rc = cli_fail(&err);
		else if (prompt_secret("Repeat new password: ", again, sizeof again) != 0 ||
		         strcmp(buf, again) != 0)
			rc = cli_error("the two passwords differ; nothing was changed");
		explicit_bzero(again, sizeof again);
		if (rc != EXIT_OK)
			return rc;
	}
	if (vigil_password_check(buf, &err) != VIGIL_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

int cli_load_scales(vigil_scales **scales)
{
	vigil_error err;
	if (vigil_scales_load(scales, &err) != VIGIL_OK)
		return cli_fail(&err);
	loaded_scales = *scales;
	/* A database that is there is opened now (one that is not is left to
	 * the command: scoring needs none). */
	char path[PATH_BYTES];
	struct stat st;
	vigil_db *db;
	if (!opened_db && the_cli &&
	    (the_cli->db_path ? *the_cli->db_path && vigil_copy(path, sizeof path, the_cli->db_path)
	                      : vigil_db_default_path(path, sizeof path, &err) == VIGIL_OK) &&
	    stat(path, &st) == 0)
		return cli_open(the_cli, &db);
	return pin_scales();
}

int cli_protocols_load(vigil_session *session, const vigil_scales *scales,
                       vigil_protocols **out)
{
	vigil_error err;
	if (vigil_protocols_load(session, scales, out, &err) != VIGIL_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

int cli_rules_load(vigil_session *session, struct cli_rules *r)
{
	memset(r, 0, sizeof *r);
	int rc = cli_load_scales(&r->scales);
	if (rc == EXIT_OK && (rc = cli_protocols_load(session, r->scales, &r->protocols)) != EXIT_OK) {
		vigil_scales_free(r->scales);
		r->scales = NULL;
	}
	return rc;
}

void cli_rules_free(struct cli_rules *r)
{
	vigil_protocols_free(r->protocols);
	vigil_scales_free(r->scales);
	r->protocols = NULL;
	r->scales = NULL;
}

void cli_time_near(vigil_time t, vigil_time now, char *buf, size_t size)
{
	char when[VIGIL_TIME_LOCAL_LEN], today[VIGIL_TIME_LOCAL_LEN];
	vigil_time_format_local(t, when, sizeof when);
	vigil_time_format_local(now, today, sizeof today);
	/* "YYYY-MM-DD HH:MM": the date is the first 10 bytes */
	bool same_day = strlen(when) > 11 && strncmp(when, today, 10) == 0;
	snprintf(buf, size, "%s", same_day ? when + 11 : when);
}

int cli_parse_time(const char *text, const char *option, vigil_time *out)
{
	vigil_error err;
	vigil_time now;
	if (!text)
		return EXIT_OK;
	/* The rule for typed times is the core's, the same in the TUI. */
	if (vigil_clock_now(&now, &err) != VIGIL_OK ||
	    vigil_time_typed(text, now, out, &err) != VIGIL_OK)
		return cli_error("%s: %s", option, err.msg);
	return EXIT_OK;
}

int cli_parse_id(struct cli *cli, const char *text, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v <= 0)
		return cli_usage_error(cli, "'%s' is not an assessment id", text);
	*out = v;
	return EXIT_OK;
}

void cli_print_result(const vigil_scale *scale, int total, const vigil_band *band)
{
	char words[VIGIL_BAND_WORDS_MAX];
	printf("%s %d/%d", scale->name, total, scale->max_total);
	if (band) /* the scale's own words, as every face prints a band */
		printf(" %s", vigil_scale_band_words(scale, band->key, words, sizeof words));
	putchar('\n');
}

void cli_put_text(const char *text)
{
	char buf[4096];
	size_t need = vigil_text_escape(text, buf, sizeof buf);
	if (need < sizeof buf) {
		fputs(buf, stdout);
		return;
	}
	char *big = malloc(need + 1);
	if (!big) {
		fputs(buf, stdout);
		return;
	}
	vigil_text_escape(text, big, need + 1);
	fputs(big, stdout);
	free(big);
}

/* Display width of the first n bytes' worth of characters. */
static int display_width(const char *s, size_t *bytes_fitting, int limit)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int width = 0;
	size_t pos = 0, len = strlen(s);
	*bytes_fitting = 0;
	while (pos < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + pos, len - pos, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			n = 1, wc = L'?';
		int w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (width + w > limit)
			return width + w + (int)(len - pos); /* over: caller cuts */
		width += w;
		pos += n;
		*bytes_fitting = pos;
	}
	return width;
}

/* Plain printable ASCII needs no escaping and has one column per byte: the
 * common case, kept cheap for long listings. */
static bool plain_ascii(const char *text, size_t *len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = 0;
	for (; s[n]; n++)
		if (s[n] < 0x20 || s[n] >= 0x7F || s[n] == '\\')
			return false;
	*len = n;
	return true;
}

int cli_text_width(const char *text)
{
	size_t len;
	if (plain_ascii(text, &len))
		return (int)len;
	char buf[1024];
	vigil_text_escape(text, buf, sizeof buf);
	size_t fit;
	return display_width(buf, &fit, 1 << 20);
}

void cli_put_cell(const char *text, int width)
{
	size_t len;
	if (plain_ascii(text, &len) && len <= (size_t)width) {
		fputs(text, stdout);
		for (size_t i = len; i < (size_t)width; i++)
			putchar(' ');
		return;
	}
	char buf[1024];
	vigil_text_escape(text, buf, sizeof buf);
	size_t fit;
	int w = display_width(buf, &fit, width);
	if (w > width) {
		display_width(buf, &fit, width - 1);
		buf[fit] = '\0';
		w = display_width(buf, &fit, width - 1);
		printf("%s~%*s", buf, width - 1 - w, "");
		return;
	}
	printf("%s%*s", buf, width - w, "");
}

/* One line of at most width columns from s: its length in bytes, ending
 * at the last space that fits (or cut inside a word longer than width). */
static size_t wrap_line(const char *s, int width)
{
	size_t fit;
	display_width(s, &fit, width);
	if (s[fit] == '\0')
		return fit;
	if (s[fit] == ' ')
		return fit;
	for (size_t i = fit; i > 0; i--)
		if (s[i - 1] == ' ')
			return i - 1;
	if (fit == 0) { /* one character wider than the line */
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t n = mbrtowc(NULL, s, strlen(s), &st);
		return n == 0 || n == (size_t)-1 || n == (size_t)-2 ? 1 : n;
	}
	return fit;
}

void cli_put_wrapped(const char *text, int indent, int width)
{
	char small[4096], *buf = small;
	size_t need = vigil_text_escape(text, small, sizeof small);
	if (need >= sizeof small && (buf = malloc(need + 1)) != NULL)
		vigil_text_escape(text, buf, need + 1);
	else if (need >= sizeof small)
		buf = small; /* out of memory: what fitted */
	const char *p = buf;
	while (*p == ' ')
		p++;
	while (*p) {
		size_t n = wrap_line(p, width);
		printf("%*s%.*s\n", indent, "", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
	if (buf != small)
		free(buf);
}

int cli_read_text(const char *path, size_t limit, const char *kind, char **out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_error("%s: %s", path, strerror(errno));
	size_t cap = limit + 2, n;
	char *buf = malloc(cap);
	if (!buf) {
		fclose(f);
		return cli_error("out of memory");
	}
	n = fread(buf, 1, cap - 1, f);
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return cli_error("%s: cannot be read", path);
	}
	if (n > limit) {
		free(buf);
		return cli_error("%s: larger than %zu KiB: not %s", path, limit / 1024, kind);
	}
	if (memchr(buf, '\0', n)) {
		free(buf);
		return cli_error("%s: holds a NUL byte: not a text file", path);
	}
	buf[n] = '\0';
	*out = buf;
	return EXIT_OK;
}

/* Finds the command named by argv: a group and a word ("scales install")
 * before one word ("scales cows"). */
static const struct cli_command *resolve(int argc, char **argv, int *used)
{
	if (argc >= 2 && argv[1][0] != '-') {
		char name[64];
		snprintf(name, sizeof name, "%s %s", argv[0], argv[1]);
		*used = 2;
		const struct cli_command *c = find_command(name);
		if (c)
			return c;
	}
	*used = 1;
	return find_command(argv[0]);
}

static bool is_group(const char *word)
{
	size_t len = strlen(word);
	for (size_t i = 0; i < cli_command_count; i++)
		if (strncmp(cli_commands[i].name, word, len) == 0 && cli_commands[i].name[len] == ' ')
			return true;
	return false;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = { .program = argv[0] };
	the_cli = &cli;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i], *value;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_help();
			return EXIT_OK;
		} else if (strcmp(arg, "--version") == 0) {
			printf("vigil %s\n", VIGIL_VERSION);
			return EXIT_OK;
		} else if (matches(arg, "--config", &value)) {
			if (!value && i + 1 >= argc)
				return cli_usage_error(NULL, "--config needs a value");
			cli.config_path = value ? value : argv[++i];
		} else if (matches(arg, "--db", &value) || matches(arg, "--user", &value)) {
			bool db = arg[2] == 'd';
			if (!value && i + 1 >= argc)
				return cli_usage_error(NULL, "%s needs a value", db ? "--db" : "--user");
			*(db ? &cli.db_path : &cli.user) = value ? value : argv[++i];
		} else {
			return cli_usage_error(NULL, "unknown option '%s'", arg);
		}
	}
	if (i == argc) {
		char path[PATH_BYTES];
		int rc = cli_db_path(&cli, path, sizeof path);
		if (rc != EXIT_OK)
			return rc;
		/* The interface is given the config the commands read; a broken one
		 * is reported here, before the screen is taken over. */
		vigil_config cfg;
		vigil_error err;
		if (vigil_config_load(cli.config_path, &cfg, &err) != VIGIL_OK)
			return cli_fail(&err);
		return vigil_tui_run(path, cli.user ? cli.user : getenv("VIGIL_USER"), &cfg);
	}
	int used;
	const struct cli_command *c = resolve(argc - i, argv + i, &used);
	if (!c) {
		if (is_group(argv[i]) && (i + 1 == argc || argv[i + 1][0] == '-')) {
			if (i + 1 < argc && strcmp(argv[i + 1], "--help") == 0) {
				cli_print_usage(argv[i]);
				return EXIT_OK;
			}
			cli.command = argv[i];
			return cli_usage_error(&cli, "missing subcommand");
		}
		if (is_group(argv[i])) {
			cli.command = argv[i];
			return cli_usage_error(&cli, "unknown subcommand '%s'", argv[i + 1]);
		}
		return cli_usage_error(NULL, "unknown command '%s'", argv[i]);
	}
	cli.command = c->name;
	int rc = c->run(&cli, argc - i - used, argv + i + used);
	return rc < 0 ? EXIT_OK : rc;
}
