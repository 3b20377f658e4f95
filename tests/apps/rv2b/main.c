/* rv2b - a trivial command, installed but loaded only when first spawned. */
int main(void)
{
	return 7;
}
