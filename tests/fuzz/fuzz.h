/* fuzz.h - what the libFuzzer targets share (tests/fuzz/README).
 *
 * Each target gets the input as a fresh NUL-terminated copy, so a parser
 * that reads past the end of its text is caught by AddressSanitizer at
 * the first byte too far. A broken promise of the code under test (a
 * documented range, a round trip) is reported with fuzz_fail, which
 * aborts: libFuzzer keeps the input as a crash like any other. */
#ifndef VIGIL_FUZZ_H
#define VIGIL_FUZZ_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz: broken promise: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* The input as a C string in its own allocation of exactly size + 1. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		fuzz_fail("out of memory copying %zu bytes", size);
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* The same environment for every run, whatever the caller's: local time
 * is Europe/London (clock changes included), and none of vigil's test
 * overrides is set. */
static inline void fuzz_environment(void)
{
	setenv("TZ", "Europe/London", 1);
	tzset();
	unsetenv("VIGIL_NOW");
	unsetenv("VIGIL_SCALES");
	unsetenv("VIGIL_CONFIG");
	unsetenv("VIGIL_IDLE_SECONDS");
}

/* A refusal says what was wrong: a status other than OK, and a non-empty
 * message that ends inside its buffer. */
static inline void fuzz_check_refusal(const char *what, vigil_status s, const vigil_error *err)
{
	if (s == VIGIL_OK)
		fuzz_fail("%s: refused with status OK", what);
	size_t len = strnlen(err->msg, sizeof err->msg);
	if (len == 0 || len == sizeof err->msg)
		fuzz_fail("%s: refusal without a message, or one not terminated", what);
}

#endif
