/*
 * sha256sum - SHA-256 checksums as GNU sha256sum prints and checks them
 * ("HASH  NAME"; -c verifies a list). The hashing is the supervisor's
 * (sdk/vyoma_hash.h, libsodium): this tool only streams bytes to it.
 */
#include "vytool.h"
#include "vyoma_hash.h"
#include "vyoma_tiny.h"

static const char hex[] = "0123456789abcdef";

/* The file's digest as 64 hex digits into out; false after a message. */
static bool digest_of(const char *name, char out[65])
{
	static char buf[65536];
	struct vy_sha256 h;
	uint8_t d[32];
	int fd = vt_open_input(name);
	long n;

	if (fd < 0)
		return false;
	vy_sha256_init(&h);
	while ((n = vt_read(fd, buf, sizeof(buf))) > 0)
		vy_sha256_update(&h, buf, (size_t)n);
	vt_close(fd);
	if (n < 0) {
		vt_warn_errno(name, (int)-n);
		return false;
	}
	vy_sha256_final(&h, d);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
	return true;
}

/* -c: each "HASH  NAME" line of list checked; GNU's messages. */
static int check(const char *list)
{
	struct vt_in in;
	int fd = vt_open_input(list), bad = 0, unreadable = 0, lines = 0;
	char *line, sum[65];
	size_t len;

	if (fd < 0)
		return 1;
	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &len))) {
		char *name = line + 66;

		/* As GNU's: CRLF lines too, and hex digits of either case */
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len < 67 || line[64] != ' ' ||
		    (line[65] != ' ' && line[65] != '*'))
			continue;
		line[64] = '\0';
		for (char *h = line; *h; h++)
			*h |= (*h >= 'A' && *h <= 'F') << 5;
		lines++;
		vt_puts(name);
		if (!digest_of(name, sum)) {
			vt_puts(": FAILED open or read\n");
			unreadable++;
		} else if (strcmp(sum, line)) {
			vt_puts(": FAILED\n");
			bad++;
		} else {
			vt_puts(": OK\n");
		}
	}
	if (!lines) {
		vt_warn(list, "no properly formatted SHA256 checksum lines found");
		return 1;
	}
	if (bad)
		vt_warn("WARNING", bad == 1 ? "1 computed checksum did NOT match"
			: "some computed checksums did NOT match");
	if (unreadable)
		vt_warn("WARNING", "some listed files could not be read");
	return bad || unreadable;
}

static int sha256sum_main(int argc, char **argv)
{
	bool checking = false;
	char sum[65];
	int c, status = 0;

	while ((c = vt_getopt(argc, argv, "cbt")) != -1)
		if (c == 'c')
			checking = true;
	if (vt_optind == argc)
		argv[--vt_optind] = "-";
	for (int i = vt_optind; i < argc; i++) {
		if (checking) {
			status |= check(argv[i]);
		} else if (digest_of(argv[i], sum)) {
			vt_puts(sum);
			vt_puts("  ");
			vt_puts(argv[i]);
			vt_putc('\n');
		} else {
			status = 1;
		}
	}
	return status;
}

VT_TOOL(sha256sum_main,
	"Usage: sha256sum [-c] [FILE]...\n"
	"Print SHA-256 checksums (computed by the supervisor), or with -c\n"
	"check the \"HASH  NAME\" lines of each FILE. '-': standard input.\n")
