/*
 * open_stub.c - what the shell's `open` asks of the Process Manager,
 * for tests that run the shell over the fake one (fake_proc.c): no app
 * opens any file type there.
 */
#include "proc.h"

struct app *proc_opener(const char *ext, size_t len)
{
	(void)ext;
	(void)len;
	return NULL;
}
