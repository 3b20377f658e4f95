/*
 * rv-crline - a console line of exactly 4096 bytes ending "\r\n": the
 * protocol says a line is at most 4096 bytes without the newline and a
 * \r before it is ignored, so this is a legal line; the splitter counts
 * the \r against the limit and drops it as too long.
 */
#include "vyoma.h"

static char line[4098];

int main(void)
{
	memset(line, 'c', 4096);
	line[4096] = '\r';
	line[4097] = '\n';
	vy__write_all(line, sizeof(line));	/* stdout: a console line */
	vy_print("after the CRLF line");
	return 0;
}
