/* blink - exits at once: a start/stop cycle as short as it gets. */
int main(void)
{
	return 0;
}
