/*
 * fake_update.c - the test double for update.c's running version (what
 * os-release says): the test sets it; "" until it does, as when
 * os-release names none.
 */
#include "update.h"

const char *fake_running_version = "";

const char *update_running_version(void)
{
	return fake_running_version;
}
