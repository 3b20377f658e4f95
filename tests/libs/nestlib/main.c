/*
 * nestlib - a test library that imports another library's function. A
 * library may import its caller's memory and WASI only (a call from one
 * library into another would run on the stack the first one is using):
 * the supervisor leaves it out at load, saying why.
 */
__attribute__((import_module("lib_vytool"), import_name("mark")))
int regex_mark(void);

__attribute__((export_name("nest"))) int nest(const int *p)
{
	return regex_mark() + *p;	/* *p: it uses, so imports, memory */
}
