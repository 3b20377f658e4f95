/*
 * check.h - the unit-test harness: CHECK() records a pass or a failure with
 * its place, and check_summary() prints the closing "N passed, N failed"
 * line and gives the exit status. Header-only so each test is one file.
 */
#ifndef VYOMA_CHECK_H
#define VYOMA_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) check_one(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(a, b) check_str((a), (b), #a, __FILE__, __LINE__)
#define CHECK_INT(a, b) check_int((long long)(a), (long long)(b), #a, __FILE__, __LINE__)

static inline void check_one(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		check_passed++;
		return;
	}
	check_failed++;
	fprintf(stderr, "%s:%d: FAIL: %s\n", file, line, what);
}

static inline void check_str(const char *got, const char *want, const char *what,
			     const char *file, int line)
{
	int ok = got && want && strcmp(got, want) == 0;

	check_one(ok, what, file, line);
	if (!ok)
		fprintf(stderr, "    got \"%s\", want \"%s\"\n",
			got ? got : "(null)", want ? want : "(null)");
}

static inline void check_int(long long got, long long want, const char *what,
			     const char *file, int line)
{
	check_one(got == want, what, file, line);
	if (got != want)
		fprintf(stderr, "    got %lld, want %lld\n", got, want);
}

/* Writes a whole file, for a test to plant or damage one (no atomicity
 * wanted). 0, or -1. */
static inline int check_put_file(const char *path, const void *data,
				 size_t len)
{
	FILE *f = fopen(path, "wb");
	int rc = f && fwrite(data, 1, len, f) == len ? 0 : -1;

	if (f && fclose(f) != 0)
		rc = -1;
	return rc;
}

static inline int check_summary(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
