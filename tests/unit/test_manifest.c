/*
 * test_manifest.c - the vyoma.toml schema: a full valid manifest, and a
 * corpus of mistakes, each of which must name the exact line and column.
 */
#include "check.h"
#include "manifest.h"

static const char valid[] =
	"# a comment\n"
	"[app]\n"
	"name = \"notes\"\n"
	"version = \"1.2.3\"\n"
	"entry = \"notes.wasm\"\n"
	"description = \"Shows messages\"\n"
	"category = \"utilities\"\n"
	"\n"
	"[capabilities]\n"
	"stdio = true\n"
	"filesystem = true\n"
	"display = false\n";

static void test_valid(void)
{
	struct manifest m;
	char err[256] = "";

	CHECK_INT(manifest_parse(valid, sizeof(valid) - 1, "v.toml", &m, err,
				 sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK_STR(m.name, "notes");
	CHECK_STR(m.version, "1.2.3");
	CHECK_STR(m.entry, "notes.wasm");
	CHECK_STR(m.description, "Shows messages");
	CHECK_STR(m.category, "utilities");
	CHECK(m.caps[CAP_STDIO]);
	CHECK(m.caps[CAP_FILESYSTEM]);
	CHECK(!m.caps[CAP_DISPLAY]);
	CHECK(!m.caps[CAP_NETWORK]);	/* undeclared means not granted */
	CHECK(!m.caps[CAP_SHELL]);
	CHECK(!m.caps[CAP_MOUSE]);
}

static void test_minimal(void)
{
	static const char src[] = "[app]\nname=\"a\"\nversion=\"1\"\n"
				  "entry=\"a.wasm\"\n";
	struct manifest m;
	char err[256];
	int cap;

	CHECK_INT(manifest_parse(src, sizeof(src) - 1, "m.toml", &m, err,
				 sizeof(err)), 0);
	for (cap = 0; cap < CAP_COUNT; cap++)
		CHECK(!m.caps[cap]);
	CHECK_STR(capability_name(CAP_MOUSE), "mouse");
}

static const struct {
	const char *src;
	const char *error;	/* the whole message, position included */
} bad[] = {
	{ "", "f.toml:1:1: missing [app] table" },
	{ "[app]\nversion = \"1\"\nentry = \"a.wasm\"\n",
	  "f.toml:1:1: [app] is missing 'name'" },
	{ "[app]\nname = \"a\"\nentry = \"a.wasm\"\n",
	  "f.toml:1:1: [app] is missing 'version'" },
	{ "[app]\nname = \"a\"\nversion = \"1\"\n",
	  "f.toml:1:1: [app] is missing 'entry'" },
	{ "[app]\nname = 5\n",
	  "f.toml:2:8: [app] name must be a string, not integer" },
	{ "[app]\nname = \"Bad Name\"\n",
	  "f.toml:2:8: invalid [app] name \"Bad Name\": lower-case letters, "
	  "digits and '-', at most 32" },
	{ "[app]\nname = \"\"\n",
	  "f.toml:2:8: [app] name must be 1 to 32 characters" },
	{ "[app]\nname = \"abcdefghijabcdefghijabcdefghijabc\"\n",
	  "f.toml:2:8: [app] name must be 1 to 32 characters" },
	{ "[app]\nname = \"a\"\nversion = \"1\"\nentry = \"../x.wasm\"\n",
	  "f.toml:4:9: invalid [app] entry \"../x.wasm\": a file name ending "
	  "in .wasm, beside vyoma.toml" },
	{ "[app]\nname = \"a\"\nversion = \"1\"\nentry = \"a.exe\"\n",
	  "f.toml:4:9: invalid [app] entry \"a.exe\": a file name ending in "
	  ".wasm, beside vyoma.toml" },
	{ "[app]\nname = \"a\"\nversoin = \"1\"\n",
	  "f.toml:3:1: unknown key 'versoin' in [app] (known: name, version, "
	  "entry, description, category)" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n[capabilities]\n"
	  "display = \"yes\"\n",
	  "f.toml:6:11: capability 'display' must be true or false, not "
	  "string" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n[capabilities]\n"
	  "  camera = true\n",
	  "f.toml:6:3: unknown capability 'camera' (known: stdio, filesystem, "
	  "network, display, shell, mouse)" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n[extras]\nx=1\n",
	  "f.toml:5:2: unknown table [extras] (known: [app], [capabilities])" },
	{ "app = \"hello\"\n",
	  "f.toml:1:1: 'app' must be a table like [app]" },
	{ "[app]\nname = \"a\"\nname = \"b\"\n", NULL },	/* TOML error */
	{ "[app\nname = \"a\"\n", NULL },
	{ "[app]\nname = \"a\n", NULL },
	{ "[app]\ncategory = \"Games!\"\n",
	  "f.toml:2:12: invalid [app] category \"Games!\": lower-case letters, "
	  "digits and '-'" },
	{ "[app]\nname = \"a\"\nversion = [1]\n",
	  "f.toml:3:11: [app] version must be a string, not array" },
};

static void test_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct manifest m;
		char err[512] = "";
		int rc = manifest_parse(bad[i].src, strlen(bad[i].src),
					"f.toml", &m, err, sizeof(err));

		CHECK_INT(rc, -1);
		if (bad[i].error) {
			CHECK_STR(err, bad[i].error);
		} else {
			/* TOML syntax errors: still file:line:col first. */
			CHECK(strncmp(err, "f.toml:", 7) == 0);
			CHECK(strlen(err) > 12);
		}
	}
}

static void test_load_missing_file(void)
{
	struct manifest m;
	char err[256];

	CHECK_INT(manifest_load("/nonexistent/vyoma.toml", &m, err,
				sizeof(err)), -1);
	CHECK(strstr(err, "/nonexistent/vyoma.toml: ") == err);
}

int main(void)
{
	test_valid();
	test_minimal();
	test_errors();
	test_load_missing_file();
	return check_summary("manifest");
}
