/*
 * libwrongtype - imports lib_vytool's comp with a type it does not have
 * (one argument, not four). It may not start: the link is refused,
 * naming the import.
 */
#include <stdio.h>

__attribute__((import_module("lib_vytool"), import_name("comp")))
int lib_comp(int flags);

int main(void)
{
	printf("comp %d\n", lib_comp(0));
	return 0;
}
