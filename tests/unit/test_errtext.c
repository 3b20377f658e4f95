/*
 * test_errtext.c - WASI errnos in words (errtext.h): every row of the
 * table is checked by name against wasi-libc's own list of WASI's
 * errnos (its wasi/api.h) and glibc's names for Linux's, the words are
 * glibc's, and numbers past the list, however large, give a bounded
 * text.
 */
#include "errtext.h"
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define WASI_API "/usr/include/wasm32-wasi/wasi/api.h"

/* Linux's name for WASI's, where the two spell it differently. */
static const char *linux_name(const char *wasi)
{
	if (strcmp(wasi, "NOTSUP") == 0)
		return "EOPNOTSUPP";	/* ENOTSUP is its alias */
	return NULL;
}

static void rows_match_wasi_libc(void)
{
	FILE *f = fopen(WASI_API, "r");
	char line[256], name[64];
	unsigned value, rows = 0;

	CHECK(f != NULL);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char want[80];
		const char *got;

		if (sscanf(line, "#define __WASI_ERRNO_%63s (UINT16_C(%u))",
			   name, &value) != 2)
			continue;
		rows++;
		if (strcmp(name, "SUCCESS") == 0) {
			CHECK_INT(errtext_linux_errno(value), 0);
			CHECK_STR(errtext(value), "Success");
			continue;
		}
		if (strcmp(name, "NOTCAPABLE") == 0 ||
		    strcmp(name, "PERM") == 0) {
			CHECK_INT(errtext_linux_errno(value),
				  strcmp(name, "PERM") == 0 ? EPERM : 0);
			CHECK_STR(errtext(value), "Permission denied");
			continue;
		}
		snprintf(want, sizeof(want), "E%s", name);
		got = strerrorname_np(errtext_linux_errno(value));
		CHECK_STR(got, linux_name(name) ? linux_name(name) : want);
		CHECK_STR(errtext(value),
			  strerrordesc_np(errtext_linux_errno(value)));
	}
	fclose(f);
	CHECK_INT(rows, 77);
}

static void words_are_glibcs(void)
{
	/* What the tools' own table (sdk/vytool.h) says for these. */
	CHECK_STR(errtext(44), "No such file or directory");
	CHECK_STR(errtext(2), "Permission denied");
	CHECK_STR(errtext(31), "Is a directory");
	CHECK_STR(errtext(51), "No space left on device");
	CHECK_STR(errtext(32), "Too many levels of symbolic links");
	CHECK_STR(errtext(29), "Input/output error");
	/* PERM as the table says it: Wasmtime's answer outside a grant. */
	CHECK_STR(errtext(63), "Permission denied");
	/* And what that table lacked. */
	CHECK_STR(errtext(52), "Function not implemented");
	CHECK_STR(errtext(64), "Broken pipe");
	CHECK_STR(errtext(14), "Connection refused");
}

static void past_the_list(void)
{
	const uint32_t past[] = { 77, 78, 255, 256, 65535, 65536,
				  0x7fffffffu, 0x80000000u, 0xffffffffu };

	for (size_t i = 0; i < sizeof(past) / sizeof(past[0]); i++) {
		CHECK_STR(errtext(past[i]), "Unknown error");
		CHECK_INT(errtext_linux_errno(past[i]), 0);
	}
	for (uint32_t e = 0; e < 300; e++)
		CHECK(errtext(e) && strlen(errtext(e)) <= ERRTEXT_MAX &&
		      strlen(errtext(e)) > 0);
}

int main(void)
{
	rows_match_wasi_libc();
	words_are_glibcs();
	past_the_list();
	return check_summary("errtext");
}
