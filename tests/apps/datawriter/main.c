/* datawriter - has the filesystem capability: writes /data/hello.txt. */
#include "vyoma.h"

int main(void)
{
	static const char text[] = "written by datawriter\n";

	vy_print(vy_data_write("hello.txt", text, sizeof(text) - 1) == 0 ?
		 "write ok" : "write failed");
	return 0;
}
