/*
 * test_fdset.c - the descriptor set the shim counts an app's files with:
 * sorted, no duplicates, removals of what is not there change nothing.
 */
#include "check.h"
#include "fdset.h"

#include <stdlib.h>

int main(void)
{
	struct fdset s;
	uint32_t i;
	int ok = 1;

	fdset_init(&s);
	CHECK(!fdset_has(&s, 0));
	CHECK(!fdset_remove(&s, 3));
	for (i = 0; i < 1000; i++)
		ok &= fdset_add(&s, (i * 7919) % 1000) == 0;
	CHECK(ok);
	CHECK_INT(s.count, 1000);
	CHECK_INT(fdset_add(&s, 5), 0);		/* already there */
	CHECK_INT(s.count, 1000);
	for (i = 1; i < s.count; i++)
		ok &= s.fds[i - 1] < s.fds[i];
	CHECK(ok);
	CHECK(fdset_has(&s, 999));
	CHECK(!fdset_has(&s, 1000));
	CHECK(!fdset_has(&s, UINT32_MAX));
	for (i = 0; i < 1000; i += 2)
		ok &= fdset_remove(&s, i);
	CHECK(ok);
	CHECK_INT(s.count, 500);
	CHECK(!fdset_has(&s, 2));
	CHECK(fdset_has(&s, 3));
	CHECK(!fdset_remove(&s, 2));
	CHECK_INT(fdset_add(&s, UINT32_MAX), 0);
	CHECK(fdset_has(&s, UINT32_MAX));
	fdset_clear(&s);
	CHECK_INT(s.count, 0);
	CHECK(!fdset_has(&s, 3));
	fdset_free(&s);
	return check_summary("fdset");
}
