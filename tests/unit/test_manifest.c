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
	{ "[app]\nname = \"supervisor\"\n",
	  "f.toml:2:8: [app] name \"supervisor\" is reserved: the protocol "
	  "uses it" },
	{ "[app]\nname = \"reply\"\n",
	  "f.toml:2:8: [app] name \"reply\" is reserved: the protocol uses it" },
	{ "[app]\nname = \"a\"\nversion = \"1\\u001b[2J\"\n",
	  "f.toml:3:11: [app] version must not contain control characters" },
	{ "[app]\ndescription = \"tab\\tok, but not\\r\"\n",
	  "f.toml:2:15: [app] description must not contain control characters" },
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
	  "f.toml:3:1: unknown key 'versoin' in [app], did you mean "
	  "'version'?" },
	{ "[app]\nicon = \"a.png\"\n",
	  "f.toml:2:1: unknown key 'icon' in [app] (known: name, version, "
	  "entry, description, category, kind, opens, serves)" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\nkind = \"daemon\"\n",
	  "f.toml:5:8: [app] kind must be \"window\", \"service\" or "
	  "\"command\", not \"daemon\"" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\nkind = 1\n",
	  "f.toml:5:8: [app] kind must be a string, not integer" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\nkind = \"window\"\n",
	  "f.toml:5:8: kind \"window\" needs the display capability "
	  "([capabilities] display = true)" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\nkind=\"command\"\n"
	  "[capabilities]\ndisplay = true\n",
	  "f.toml:5:6: a command has no window: drop the display capability or "
	  "make it kind = \"window\"" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\nkind=\"command\"\n"
	  "[lifecycle]\nautostart = true\n",
	  "f.toml:7:13: a command is run, not started at boot: autostart must "
	  "be false" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\nkind=\"command\"\n"
	  "[lifecycle]\nrestart = \"always\"\n",
	  "f.toml:7:11: a command is never restarted: its parent sees its exit "
	  "status (restart = \"never\")" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n[capabilities]\n"
	  "display = \"yes\"\n",
	  "f.toml:6:11: capability 'display' must be true, false or a table "
	  "(title, width, height), not string" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n[capabilities]\n"
	  "  camera = true\n",
	  "f.toml:6:3: unknown capability 'camera' (known: stdio, filesystem, "
	  "network, display, shell, mouse, spawn, desktop, clipboard, "
	  "notify, login, packages, updates, devices)" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n[extras]\nx=1\n",
	  "f.toml:5:2: unknown table 'extras' (known: app, capabilities, "
	  "resources, lifecycle)" },
	{ "[resource]\nmemory = \"1MiB\"\n",
	  "f.toml:1:2: unknown table 'resource', did you mean 'resources'?" },
	{ "[capabilities.filesystem]\n[[capabilities.filesystem.grant]]\n"
	  "mount = \"/m\"\n",
	  "f.toml:2:1: a filesystem grant needs 'path', the host directory to "
	  "share" },
	{ "[capabilities.filesystem]\ngrant = [{ path = \"music\" }]\n",
	  "f.toml:2:19: grant path \"music\" must be absolute, without '.', "
	  "'..' or empty parts" },
	{ "[capabilities.filesystem]\ngrant = [{ path = \"/srv/../etc\" }]\n",
	  "f.toml:2:19: grant path \"/srv/../etc\" must be absolute, without "
	  "'.', '..' or empty parts" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mount = \"a/../b\" }]\n",
	  "f.toml:2:35: grant mount \"a/../b\" must be \"/\" or a path "
	  "without '.', '..' or empty parts" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mount = \"\" }]\n",
	  "f.toml:2:35: grant mount must be 1 to 255 characters" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mount = \"./x\" }]\n",
	  "f.toml:2:35: grant mount \"./x\" must be \"/\" or a path "
	  "without '.', '..' or empty parts" },
	{ "[capabilities.filesystem]\nuser = \"w\"\n",
	  "f.toml:2:8: filesystem user must be \"ro\" (read the user's files) "
	  "or \"rw\" (read and write them), not \"w\"" },
	{ "[capabilities.filesystem]\nuser = true\n",
	  "f.toml:2:8: filesystem user must be a string, not boolean" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mount = \"/home/user\" }]\n",
	  "f.toml:2:35: mount \"/home/user\" is where the users' files are "
	  "(filesystem user); choose another" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mount = \"/home/alice/x\" }]\n",
	  "f.toml:2:35: mount \"/home/alice/x\" is where the users' files "
	  "are (filesystem user); choose another" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mount = \"/home\" }]\n",
	  "f.toml:2:35: mount \"/home\" is where the users' files are "
	  "(filesystem user); choose another" },
	{ "[capabilities.filesystem]\ngrant = [{ path = \"/\" }]\n",
	  "f.toml:2:19: grant path \"/\" must be absolute, without '.', '..' "
	  "or empty parts" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mode = \"rwx\" }]\n",
	  "f.toml:2:34: grant mode must be \"ro\" (read-only) or \"rw\" "
	  "(read-write), not \"rwx\"" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/srv\", mount = \"/data\" }]\n",
	  "f.toml:2:35: mount \"/data\" is the app's own data directory; "
	  "choose another" },
	{ "[capabilities.filesystem]\n"
	  "grant = [{ path = \"/a\", mount = \"/m\" }, "
	  "{ path = \"/b\", mount = \"/m\" }]\n",
	  "f.toml:2:64: \"/m\" is mounted twice" },
	{ "[capabilities.filesystem]\ndta = true\n",
	  "f.toml:2:1: unknown key 'dta' in [capabilities.filesystem], did you "
	  "mean 'data'?" },
	{ "[capabilities.filesystem]\ngrant = \"/srv\"\n",
	  "f.toml:2:9: write grants as [[capabilities.filesystem.grant]] "
	  "tables" },
	{ "[capabilities.network]\nhosts = [\"example.com\"]\n",
	  "f.toml:2:10: network host \"example.com\": must be \"host:port\", "
	  "e.g. \"example.com:443\" or \"*.example.org:*\"" },
	{ "[capabilities.network]\nhosts = [\"example.com:99999\"]\n",
	  "f.toml:2:10: network host \"example.com:99999\": the port must be "
	  "a number from 1 to 65535 or \"*\"" },
	{ "[capabilities.network]\nhosts = [\"example.com:80-90\"]\n",
	  "f.toml:2:10: network host \"example.com:80-90\": the port must be "
	  "a number from 1 to 65535 or \"*\"" },
	{ "[capabilities.network]\nhosts = [\"ex*ample.com:80\"]\n",
	  "f.toml:2:10: network host \"ex*ample.com:80\": a host must be a DNS "
	  "name, \"*.\" and a name, \"*\", an IPv4 address or an IPv4 range "
	  "(a.b.c.d/len)" },
	{ "[capabilities.network]\nhosts = [\"10.1.2.3/8:80\"]\n",
	  "f.toml:2:10: network host \"10.1.2.3/8:80\": an address range must "
	  "be a.b.c.d/len with no bits set past len" },
	{ "[capabilities.network]\nlisten = [0]\n",
	  "f.toml:2:11: a listen port must be a number from 1 to 65535 or a "
	  "range \"low-high\"" },
	{ "[capabilities.network]\nlisten = [\"9000-8000\"]\n",
	  "f.toml:2:11: a port must be a number from 1 to 65535, or a range "
	  "\"low-high\"" },
	{ "[capabilities.network]\nlisten = 80\n",
	  "f.toml:2:10: listen ports must be an array, not integer" },
	{ "[capabilities.network]\nresolve = [\"exa mple.org\"]\n",
	  "f.toml:2:12: resolve name \"exa mple.org\": a host must be a DNS "
	  "name, \"*.\" and a name, \"*\", an IPv4 address or an IPv4 range "
	  "(a.b.c.d/len)" },
	{ "[capabilities.network]\nresolve = [\"a\", \"b\", \"c\", \"d\", "
	  "\"e\"]\n",
	  "f.toml:2:11: at most 4 resolve names" },
	{ "[capabilities.network]\nhots = []\n",
	  "f.toml:2:1: unknown key 'hots' in [capabilities.network], did you "
	  "mean 'hosts'?" },
	{ "[resources]\nsockets = 0\n",
	  "f.toml:2:11: sockets must be from 1 to 4096, not 0" },
	{ "[capabilities.display]\nwidth = 10\n",
	  "f.toml:2:9: display width must be from 32 to 8192, not 10" },
	{ "[capabilities]\ndisplay = { title = 5 }\n",
	  "f.toml:2:21: display title must be a string, not integer" },
	{ "[capabilities]\nshell = [\"pss\"]\n",
	  "f.toml:2:10: unknown shell command 'pss', did you mean 'ps'?" },
	{ "[capabilities]\ndevices = [\"hwrgn\"]\n",
	  "f.toml:2:12: unknown device 'hwrgn', did you mean 'hwrng'?" },
	{ "[capabilities]\ndevices = [\"rtc0\", \"rtc0\"]\n",
	  "f.toml:2:20: device 'rtc0' is listed twice" },
	{ "[capabilities]\ndevices = []\n",
	  "f.toml:2:11: devices lists no device: name them (e.g. [\"hwrng\"]) "
	  "or leave it out" },
	{ "[capabilities]\ndevices = true\n",
	  "f.toml:2:11: capability 'devices' must be a list of device names "
	  "(docs/drivers.md), not boolean" },
	{ "[capabilities]\ndevices = [\"../rtc0\"]\n",
	  "f.toml:2:12: unknown device '../rtc0' (known: hwrng, random, rtc0, "
	  "ttyS2, power-button, battery, battery-status, ac)" },
	{ "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n"
	  "kind=\"command\"\n[capabilities]\ndevices=[\"hwrng\"]\n",
	  "f.toml:7:9: only a service can own devices: make it kind = "
	  "\"service\" (a driver serves its devices to other apps)" },
	{ "[capabilities]\nshell = \"all\"\n",
	  "f.toml:2:9: capability 'shell' must be true, false or a list of "
	  "commands, not string" },
	{ "[capabilities]\nmouse = { buttons = 3 }\n",
	  "f.toml:2:9: capability 'mouse' must be true or false, not table" },
	{ "[resources]\nmemory = \"8MB\"\n",
	  "f.toml:2:10: memory \"8MB\" must be a number with a unit: B, KiB, "
	  "MiB or GiB (e.g. \"8MiB\")" },
	{ "[resources]\nmemory = \"8GiB\"\n",
	  "f.toml:2:10: memory must be from 64KiB to 4GiB" },
	{ "[resources]\nmemory = 1000\n",
	  "f.toml:2:10: memory must be from 64KiB to 4GiB" },
	{ "[resources]\nmemory = 1.5\n",
	  "f.toml:2:10: memory must be a string like \"8MiB\" or an integer "
	  "number of bytes, not float" },
	{ "[resources]\ncpu = 0\n",
	  "f.toml:2:7: cpu (a share) must be from 1 to 100, not 0" },
	{ "[resources]\ncpu = \"2\"\n",
	  "f.toml:2:7: cpu (a share) must be an integer, not string" },
	{ "[resources]\nfiles = 8\n",
	  "f.toml:2:9: files must be from 16 to 65536, not 8" },
	{ "[resources]\ndisk = \"2TiB\"\n",
	  "f.toml:2:8: disk \"2TiB\" must be a number with a unit: B, KiB, "
	  "MiB or GiB (e.g. \"8MiB\")" },
	{ "[resources]\ndisk = \"2048GiB\"\n",
	  "f.toml:2:8: disk must be from 64KiB to 1024GiB" },
	/* 2^34 + 1 GiB wraps to 1 GiB in 64 bits: still too big. */
	{ "[resources]\ndisk = \"17179869185GiB\"\n",
	  "f.toml:2:8: disk must be from 64KiB to 1024GiB" },
	{ "[resources]\nmemory = \"18446744073709551615GiB\"\n",
	  "f.toml:2:10: memory must be from 64KiB to 4GiB" },
	{ "[lifecycle]\nrestart = \"sometimes\"\n",
	  "f.toml:2:11: restart must be \"never\", \"on-failure\" or "
	  "\"always\", not \"sometimes\"" },
	{ "[lifecycle]\nautostart = \"yes\"\n",
	  "f.toml:2:13: autostart must be a boolean, not string" },
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
	/* A key with a NUL is not the key before it (test_nul_in_key). */
	{ "[capabilities]\nshell = [\"ps\"]\n\"shell\\u0000\" = [\"ps\"]\n",
	  "f.toml:3:1: unknown capability 'shell\\u0000...': no name has a "
	  "NUL in it" },
	{ "\"app\\u0000x\" = { name = \"b\" }\n",
	  "f.toml:1:1: unknown table 'app\\u0000...': no name has a NUL in "
	  "it" },
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

/*
 * Found writing fuzz_manifest: "shell\u0000" passed for a second
 * "shell", so two full lists made shell_count 32 in an array of 16, and
 * manifest_describe read past it.
 */
static void test_nul_in_key(void)
{
	static const char src[] =
		"[app]\nname = \"a\"\nversion = \"1\"\nentry = \"a.wasm\"\n"
		"[capabilities]\n"
		"shell = [\"ps\", \"ps\", \"ps\", \"ps\", \"ps\", \"ps\", \"ps\", "
		"\"ps\", \"ps\", \"ps\", \"ps\", \"ps\", \"ps\", \"ps\", \"ps\", "
		"\"ps\"]\n"
		"\"shell\\u0000\" = [\"caps\"]\n";
	struct manifest m;
	char err[256] = "";

	CHECK_INT(manifest_parse(src, sizeof(src) - 1, "n.toml", &m, err,
				 sizeof(err)), -1);
	CHECK_STR(err, "n.toml:7:1: unknown capability 'shell\\u0000...': no "
		  "name has a NUL in it");
	CHECK(m.shell_count <= MANIFEST_MAX_SHELL);
}

static const char full[] =
	"[app]\nname = \"player\"\nversion = \"2.0\"\nentry = \"player.wasm\"\n"
	"[capabilities]\nstdio = true\nmouse = true\nshell = [\"caps\", \"ps\"]\n"
	"display = { title = \"Music Player\", width = 320, height = 200 }\n"
	"[capabilities.network]\nhosts = [\"radio.example.com:443\", "
	"\"*.example.org:*\"]\nlisten = [8080, \"9000-9009\"]\n"
	"resolve = [\"*.radio.example.com\"]\n"
	"[capabilities.filesystem]\ndata = false\n"
	"[[capabilities.filesystem.grant]]\npath = \"/srv/music\"\n"
	"mount = \"/music\"\n"
	"[[capabilities.filesystem.grant]]\npath = \"/srv/playlists\"\n"
	"mode = \"rw\"\n"
	"[resources]\nmemory = \"8MiB\"\ncpu = 2\n"
	"[lifecycle]\nautostart = false\nrestart = \"on-failure\"\n";

static void test_full(void)
{
	struct manifest m;
	char err[256] = "", desc[512];

	CHECK_INT(manifest_parse(full, sizeof(full) - 1, "p.toml", &m, err,
				 sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK(m.caps[CAP_FILESYSTEM] && !m.data_dir);
	CHECK_INT(m.grant_count, 2);
	CHECK_STR(m.grants[0].host_path, "/srv/music");
	CHECK_STR(m.grants[0].guest_path, "/music");
	CHECK(!m.grants[0].writable);
	CHECK_STR(m.grants[1].guest_path, "/srv/playlists");
	CHECK(m.grants[1].writable);
	CHECK_INT(m.host_count, 2);
	CHECK_INT(m.listen_count, 2);
	CHECK_INT(m.listen[1][0], 9000);
	CHECK_INT(m.listen[1][1], 9009);
	CHECK_INT(m.resolve_count, 1);
	CHECK_INT(m.sockets_limit, MANIFEST_SOCKETS_DEFAULT);
	CHECK_STR(m.title, "Music Player");
	CHECK_INT(m.width, 320);
	CHECK_INT(m.memory_limit, 8 << 20);
	CHECK_INT(m.cpu_share, 2);
	CHECK(!m.autostart);
	CHECK_INT(m.restart, RESTART_ON_FAILURE);
	CHECK(manifest_allows_command(&m, "caps", 4));
	CHECK(manifest_allows_command(&m, "ps", 2));
	CHECK(!manifest_allows_command(&m, "kill", 4));
	CHECK(!manifest_allows_command(&m, "p", 1));
	manifest_describe(&m, desc, sizeof(desc));
	CHECK_STR(desc, "stdio filesystem(/music=ro,/srv/playlists=rw) "
		  "network(radio.example.com:443,*.example.org:*,listen=8080,"
		  "listen=9000-9009,resolve=*.radio.example.com) "
		  "display(320x200) shell(caps,ps) mouse memory=8MiB cpu=2 "
		  "restart=on-failure manual");
}

static struct manifest shell_grant(const char *shell)
{
	struct manifest m;
	char src[256], err[256];

	snprintf(src, sizeof(src), "[app]\nname = \"a\"\nversion = \"1\"\n"
		 "entry = \"a.wasm\"\nkind = \"command\"\n"
		 "[capabilities]\n%s\n", shell);
	CHECK(manifest_parse(src, strlen(src), "t.toml", &m, err,
			     sizeof(err)) == 0);
	return m;
}

/* A child's shell grant narrows to what its parent holds. */
static void test_narrow_shell(void)
{
	struct manifest all = shell_grant("shell = true");
	struct manifest none = shell_grant("");
	struct manifest ps_kill = shell_grant("shell = [\"ps\", \"kill\"]");
	struct manifest c;

	c = shell_grant("shell = [\"kill\"]");
	manifest_narrow_shell(&c, &all);
	CHECK(manifest_allows_command(&c, "kill", 4));
	CHECK(!manifest_allows_command(&c, "ps", 2));
	c = shell_grant("shell = [\"kill\"]");
	manifest_narrow_shell(&c, &none);
	CHECK(!c.caps[CAP_SHELL]);
	CHECK(!manifest_allows_command(&c, "kill", 4));
	c = shell_grant("shell = true");
	manifest_narrow_shell(&c, &ps_kill);
	CHECK(manifest_allows_command(&c, "ps", 2));
	CHECK(manifest_allows_command(&c, "kill", 4));
	CHECK(!manifest_allows_command(&c, "stop", 4));
	c = shell_grant("shell = [\"stop\", \"ps\"]");
	manifest_narrow_shell(&c, &ps_kill);
	CHECK(manifest_allows_command(&c, "ps", 2));
	CHECK(!manifest_allows_command(&c, "stop", 4));
	CHECK_INT(c.shell_count, 1);
	c = shell_grant("shell = [\"stop\"]");
	manifest_narrow_shell(&c, &ps_kill);
	CHECK(!c.caps[CAP_SHELL]);
	c = none;
	manifest_narrow_shell(&c, &all);
	CHECK(!c.caps[CAP_SHELL]);
	/* An empty list (pkg's: its one command is the packages
	 * capability's) stays, and grants no shell command. */
	c = shell_grant("shell = []");
	manifest_narrow_shell(&c, &ps_kill);
	CHECK(c.caps[CAP_SHELL]);
	CHECK_INT(c.shell_count, 0);
	CHECK(!manifest_allows_command(&c, "ps", 2));
	c = shell_grant("shell = []");
	manifest_narrow_shell(&c, &none);
	CHECK(!c.caps[CAP_SHELL]);
}

static void test_defaults(void)
{
	struct manifest m;
	char err[256], desc[256];

	CHECK_INT(manifest_parse(valid, sizeof(valid) - 1, "v.toml", &m, err,
				 sizeof(err)), 0);
	CHECK(m.data_dir);	/* filesystem = true means its own /data */
	CHECK_INT(m.memory_limit, MANIFEST_MEMORY_DEFAULT);
	CHECK_INT(m.cpu_share, 1);
	CHECK(m.autostart);
	CHECK_INT(m.restart, RESTART_NEVER);
	CHECK(!manifest_allows_command(&m, "caps", 4));
	manifest_describe(&m, desc, sizeof(desc));
	CHECK_STR(desc, "stdio filesystem(/data=rw) memory=64MiB cpu=1 "
		  "restart=never");
	CHECK_INT(m.files_limit, MANIFEST_FILES_DEFAULT);
	CHECK_INT(m.disk_limit, MANIFEST_DISK_DEFAULT);
	/* A tiny buffer truncates, never overflows. */
	CHECK_INT(manifest_describe(&m, desc, 8), 7);
	CHECK_STR(desc, "stdio f");
}

#define APP_HEAD "[app]\nname=\"a\"\nversion=\"1\"\nentry=\"a.wasm\"\n"

/* [app] opens: the file types `open` starts an app on. */
static const struct {
	const char *src;
	const char *error;
} bad_opens[] = {
	{ APP_HEAD "opens = \"txt\"\n",
	  "f.toml:5:9: [app] opens must be an array, not string" },
	{ APP_HEAD "opens = [1]\n",
	  "f.toml:5:10: a file type in [app] opens must be a string, not "
	  "integer" },
	{ APP_HEAD "opens = [\"\"]\n",
	  "f.toml:5:10: invalid file type in [app] opens: an extension "
	  "without its dot, 1 to 8 lower-case letters and digits (like "
	  "\"txt\")" },
	{ APP_HEAD "opens = [\"txt\", \".md\"]\n",
	  "f.toml:5:17: invalid file type in [app] opens: an extension "
	  "without its dot, 1 to 8 lower-case letters and digits (like "
	  "\"txt\")" },
	{ APP_HEAD "opens = [\"TXT\"]\n",
	  "f.toml:5:10: invalid file type in [app] opens: an extension "
	  "without its dot, 1 to 8 lower-case letters and digits (like "
	  "\"txt\")" },
	{ APP_HEAD "opens = [\"abcdefghi\"]\n",
	  "f.toml:5:10: invalid file type in [app] opens: an extension "
	  "without its dot, 1 to 8 lower-case letters and digits (like "
	  "\"txt\")" },
	{ APP_HEAD "opens = [\"t\\u0000t\"]\n",
	  "f.toml:5:10: invalid file type in [app] opens: an extension "
	  "without its dot, 1 to 8 lower-case letters and digits (like "
	  "\"txt\")" },
	{ APP_HEAD "opens = [\"t\\nt\"]\n",
	  "f.toml:5:10: invalid file type in [app] opens: an extension "
	  "without its dot, 1 to 8 lower-case letters and digits (like "
	  "\"txt\")" },
	{ APP_HEAD "opens = [\"tar.gz\"]\n",
	  "f.toml:5:10: invalid file type in [app] opens: an extension "
	  "without its dot, 1 to 8 lower-case letters and digits (like "
	  "\"txt\")" },
	{ APP_HEAD "opens = [\"md\", \"txt\", \"md\"]\n",
	  "f.toml:5:23: file type \"md\" is named twice in [app] opens" },
	{ APP_HEAD "opens = [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\","
	  "\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\"]\n",
	  "f.toml:5:9: [app] opens may name at most 16 file types" },
	{ APP_HEAD "opens = [[\"txt\"]]\n",
	  "f.toml:5:10: a file type in [app] opens must be a string, not "
	  "array" },
	{ APP_HEAD "kind = \"command\"\nopens = [\"txt\"]\n",
	  "f.toml:6:9: a command cannot open files: [app] opens needs kind "
	  "\"window\" or \"service\"" },
	{ APP_HEAD "serves = \"all\"\n",
	  "f.toml:5:10: [app] serves must be \"everyone\", not \"all\"" },
	{ APP_HEAD "serves = true\n",
	  "f.toml:5:10: [app] serves must be a string, not boolean" },
	{ APP_HEAD "kind = \"command\"\nserves = \"everyone\"\n",
	  "f.toml:6:10: only a service can serve everyone: make it kind = "
	  "\"service\"" },
	{ APP_HEAD "serves = \"everyone\"\n[capabilities.filesystem]\n"
	  "user = \"ro\"\n",
	  "f.toml:5:10: an app that runs for the system (serves everyone, "
	  "or the greeter) cannot have the user's files" },
	{ APP_HEAD "[capabilities]\nlogin = true\n",
	  "f.toml:6:9: the login capability needs the display capability "
	  "(the greeter is a window)" },
	{ APP_HEAD "[capabilities]\ndisplay = true\nlogin = true\n",
	  "f.toml:7:9: the login capability is the greeter's alone (the app "
	  "named \"login\")" },
	{ APP_HEAD "[capabilities]\nstdio = true\ndesktop = true\n",
	  "f.toml:7:11: the desktop capability needs the display capability "
	  "(the desktop is a window)" },
	/* The desktop's commands come with their capabilities, not shell. */
	{ APP_HEAD "[capabilities]\nshell = [\"ps\", \"clipboard\"]\n",
	  "f.toml:6:16: shell command 'clipboard' is granted by its own "
	  "capability (clipboard = true), not by shell" },
	{ APP_HEAD "[capabilities]\nshell = [\"windows\"]\n",
	  "f.toml:6:10: shell command 'windows' is granted by its own "
	  "capability (desktop = true), not by shell" },
};

static void test_opens(void)
{
	static const char good[] = APP_HEAD
		"opens = [\"txt\", \"md\", \"0\", \"abcdefgh\", \"b\","
		"\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\","
		"\"l\",\"m\"]\n";
	static const char none[] = APP_HEAD "opens = []\n";
	struct manifest m;
	char err[512] = "", desc[512];
	size_t i;

	CHECK_INT(manifest_parse(good, sizeof(good) - 1, "f.toml", &m, err,
				 sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK_INT(m.opens_count, 16);
	CHECK_STR(m.opens[0], "txt");
	CHECK_STR(m.opens[3], "abcdefgh");
	CHECK(manifest_opens(&m, "md", 2));
	CHECK(manifest_opens(&m, "abcdefgh", 8));
	CHECK(!manifest_opens(&m, "mdx", 3));
	CHECK(!manifest_opens(&m, "tx", 2));
	CHECK(!manifest_opens(&m, "", 0));
	manifest_describe(&m, desc, sizeof(desc));
	CHECK(strstr(desc, "opens=txt,md,0,abcdefgh,b,") != NULL);
	CHECK_INT(manifest_parse(none, sizeof(none) - 1, "f.toml", &m, err,
				 sizeof(err)), 0);
	CHECK_INT(m.opens_count, 0);
	manifest_describe(&m, desc, sizeof(desc));
	CHECK(strstr(desc, "opens") == NULL);
	for (i = 0; i < sizeof(bad_opens) / sizeof(bad_opens[0]); i++) {
		err[0] = '\0';
		CHECK_INT(manifest_parse(bad_opens[i].src,
					 strlen(bad_opens[i].src), "f.toml",
					 &m, err, sizeof(err)), -1);
		CHECK_STR(err, bad_opens[i].error);
	}
}

/* Each command is granted by the capability shell_commands.h names. */
static void test_command_grants(void)
{
	static const char src[] = APP_HEAD
		"[capabilities]\nclipboard = true\n";
	struct manifest m;
	char err[256];

	CHECK_INT(manifest_parse(src, sizeof(src) - 1, "f.toml", &m, err,
				 sizeof(err)), 0);
	CHECK(manifest_allows_command(&m, "clipboard", 9));
	CHECK(!manifest_allows_command(&m, "notify", 6));
	CHECK(!manifest_allows_command(&m, "windows", 7));
	CHECK(!manifest_allows_command(&m, "help", 4));
	CHECK(!manifest_allows_command(&m, "open", 4));
	CHECK(!manifest_allows_command(&m, "clip", 4));
	CHECK_INT(manifest_command_cap("clipboard", 9), CAP_CLIPBOARD);
	CHECK_INT(manifest_command_cap("notify", 6), CAP_NOTIFY);
	CHECK_INT(manifest_command_cap("window", 6), CAP_DESKTOP);
	CHECK_INT(manifest_command_cap("windows", 7), CAP_DESKTOP);
	CHECK_INT(manifest_command_cap("desktop", 7), CAP_DESKTOP);
	CHECK_INT(manifest_command_cap("open", 4), CAP_SHELL);
	CHECK_INT(manifest_command_cap("apps", 4), CAP_SHELL);
	CHECK_INT(manifest_command_cap("poweroff", 8), CAP_SHELL);
	CHECK_INT(manifest_command_cap("opens", 5), CAP_COUNT);
	CHECK(manifest_shell_command_known("open"));
	CHECK(manifest_shell_command_known("reboot"));
	CHECK(!manifest_shell_command_known("clipboard"));
	/* shell = true is not the desktop's commands. */
	m = shell_grant("shell = true");
	CHECK(manifest_allows_command(&m, "apps", 4));
	CHECK(manifest_allows_command(&m, "open", 4));
	CHECK(!manifest_allows_command(&m, "clipboard", 9));
	CHECK(!manifest_allows_command(&m, "desktop", 7));
	m = shell_grant("shell = [\"open\"]\nnotify = true");
	CHECK(manifest_allows_command(&m, "open", 4));
	CHECK(manifest_allows_command(&m, "notify", 6));
	CHECK(!manifest_allows_command(&m, "apps", 4));
}

/* The kind by default, and what a command implies. */
static void test_kinds(void)
{
	static const char head[] =
		"[app]\nname = \"a\"\nversion = \"1\"\nentry = \"a.wasm\"\n";
	static const struct {
		const char *rest;
		enum app_kind kind;
		bool autostart;
	} cases[] = {
		{ "", KIND_SERVICE, true },
		{ "[capabilities]\ndisplay = true\n", KIND_WINDOW, true },
		{ "kind = \"service\"\n", KIND_SERVICE, true },
		{ "kind = \"window\"\n[capabilities]\ndisplay = true\n",
		  KIND_WINDOW, true },
		{ "kind = \"command\"\n", KIND_COMMAND, false },
		{ "kind = \"command\"\n[lifecycle]\nautostart = false\n"
		  "restart = \"never\"\n", KIND_COMMAND, false },
		/* A service may keep the display off and stay manual. */
		{ "kind = \"service\"\n[lifecycle]\nautostart = false\n",
		  KIND_SERVICE, false },
	};
	char src[512], err[256];
	struct manifest m;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(src, sizeof(src), "%s%s", head, cases[i].rest);
		CHECK_INT(manifest_parse(src, strlen(src), "k.toml", &m, err,
					 sizeof(err)), 0);
		CHECK_INT(m.kind, cases[i].kind);
		CHECK_INT(m.autostart, cases[i].autostart);
	}
	CHECK_STR(app_kind_name(KIND_COMMAND), "command");
	/* Mounts: the root and relative names, as `wasmtime run --dir`. */
	snprintf(src, sizeof(src), "%s%s", head,
		 "[capabilities.filesystem]\ndata = false\n"
		 "grant = [{ path = \"/srv\", mount = \"/\" }, "
		 "{ path = \"/tmp\", mount = \"fs-tests.dir\" }]\n");
	CHECK_INT(manifest_parse(src, strlen(src), "k.toml", &m, err,
				 sizeof(err)), 0);
	CHECK_STR(m.grants[0].guest_path, "/");
	CHECK_STR(m.grants[1].guest_path, "fs-tests.dir");
	CHECK_INT(m.user, USER_FILES_NONE);
	/* The user's files, read-only or read-write. */
	snprintf(src, sizeof(src), "%s%s", head,
		 "[capabilities.filesystem]\ndata = false\nuser = \"ro\"\n");
	CHECK_INT(manifest_parse(src, strlen(src), "k.toml", &m, err,
				 sizeof(err)), 0);
	CHECK_INT(m.user, USER_FILES_RO);
	snprintf(src, sizeof(src), "%s%s", head,
		 "[capabilities.filesystem]\nuser = \"rw\"\n");
	CHECK_INT(manifest_parse(src, strlen(src), "k.toml", &m, err,
				 sizeof(err)), 0);
	CHECK_INT(m.user, USER_FILES_RW);
	CHECK(m.data_dir);
}

/* The full example in docs/manifest.md must stay a valid manifest. */
static void test_documented_example(void)
{
	FILE *f = fopen("docs/manifest.md", "rb");
	static char doc[65536];
	struct manifest m;
	char err[256] = "", desc[512];
	char *start, *end;
	size_t n;

	CHECK(f != NULL);
	if (!f)
		return;
	n = fread(doc, 1, sizeof(doc) - 1, f);
	fclose(f);
	doc[n] = '\0';
	start = strstr(doc, "```toml\n");
	end = start ? strstr(start + 8, "```") : NULL;
	CHECK(start && end);
	if (!start || !end)
		return;
	start += 8;
	CHECK_INT(manifest_parse(start, (size_t)(end - start),
				 "docs/manifest.md", &m, err, sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK_STR(m.name, "player");
	CHECK_INT(m.grant_count, 2);
	CHECK_INT(m.host_count, 2);
	CHECK_INT(m.memory_limit, 8 << 20);
	/* The caps reply the document shows for this example. */
	manifest_describe(&m, desc, sizeof(desc));
	CHECK(strstr(doc, desc) != NULL);
	if (!strstr(doc, desc))
		fprintf(stderr, "    docs/manifest.md should show: %s\n", desc);
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
	test_nul_in_key();
	test_full();
	test_defaults();
	test_narrow_shell();
	test_kinds();
	test_opens();
	test_command_grants();
	test_documented_example();
	test_load_missing_file();
	return check_summary("manifest");
}
