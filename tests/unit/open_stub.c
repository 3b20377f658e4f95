/*
 * open_stub.c - what the shell's `open` asks of the Process Manager, its
 * `pkg` of the package service and its `update` of the update service,
 * for tests that run the shell over the fake one (fake_proc.c): no app
 * opens any file type there, and packages and updates are off.
 */
#include <stdio.h>

#include "pkg.h"
#include "proc.h"
#include "update.h"

struct app *proc_opener(const char *ext, size_t len)
{
	(void)ext;
	(void)len;
	return NULL;
}

size_t pkg_run(struct app *caller, const char *args, size_t len, char *out,
	       size_t cap)
{
	(void)caller;
	(void)args;
	(void)len;
	return (size_t)snprintf(out, cap, "error packages are off");
}

size_t update_run(struct app *caller, const char *args, size_t len,
		  char *out, size_t cap)
{
	(void)caller;
	(void)args;
	(void)len;
	return (size_t)snprintf(out, cap, "error updates are off");
}
