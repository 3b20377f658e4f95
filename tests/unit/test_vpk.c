/*
 * test_vpk.c - the .vpk archive (vpk.h): names, a round trip through the
 * writer and the reader, the same bytes as GNU tar makes and GNU tar
 * listing and extracting ours, and the reader refusing every broken
 * rule with the member and field named: each byte of each header
 * flipped, each truncation, bytes after the end, bad names, names twice
 * or out of order, sizes that overflow or overrun, padding, typeflags,
 * checksums and every fixed field. Then the writer's own refusals and
 * vpk_check_order.
 */
#include "check.h"
#include "vpk.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/vyoma-test-vpk-XXXXXX";

/* The small package most tests start from. */
#define N_SMALL 5
static const char *const small_names[N_SMALL] = {
	"vyoma.toml", "hello.wasm", "empty.txt", "readme.txt", ".signature",
};
static unsigned char small_data[N_SMALL][1200];
static const size_t small_sizes[N_SMALL] = { 60, 600, 0, 512, 300 };

static void fill_small(void)
{
	size_t i, j;

	for (i = 0; i < N_SMALL; i++)
		for (j = 0; j < sizeof(small_data[i]); j++)
			small_data[i][j] =
				(unsigned char)('a' + (i * 7 + j) % 26);
	memcpy(small_data[0], "[app]\nname = \"hello\"\n", 21);
}

/* The small package, written; *len its length, malloc'd. */
static unsigned char *small(size_t *len)
{
	struct vpk_writer w = { 0 };
	size_t i;

	for (i = 0; i < N_SMALL; i++)
		CHECK_INT(vpk_add(&w, small_names[i], small_data[i],
				  small_sizes[i]), 0);
	CHECK_INT(vpk_finish(&w), 0);
	*len = w.len;
	return w.buf;
}

/* ---- headers built here from docs/packages.md, not from vpk.c ----------- */

static void set_sum(unsigned char *h)
{
	unsigned sum = 0;
	size_t i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 7, "%06o", sum & 0777777);
	h[155] = ' ';
}

static void make_header(unsigned char *h, const char *name, size_t size)
{
	memset(h, 0, 512);
	memcpy(h, name, strlen(name));
	memcpy(h + 100, "0000644", 8);
	memcpy(h + 108, "0000000", 8);
	memcpy(h + 116, "0000000", 8);
	snprintf((char *)h + 124, 12, "%011o", (unsigned)size);
	memcpy(h + 136, "00000000000", 12);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 329, "0000000", 8);
	memcpy(h + 337, "0000000", 8);
	set_sum(h);
}

/* An archive of members named names[] (contents of 'x', sizes[]),
 * headers made by make_header; any name, any order. malloc'd. */
static unsigned char *raw(const char *const *names, const size_t *sizes,
			  size_t n, size_t *len)
{
	size_t i, pos = 0, total = 1024;
	unsigned char *b;

	for (i = 0; i < n; i++)
		total += 512 + (sizes[i] + 511) / 512 * 512;
	b = calloc(1, total);
	for (i = 0; i < n; i++) {
		make_header(b + pos, names[i], sizes[i]);
		memset(b + pos + 512, 'x', sizes[i]);
		pos += 512 + (sizes[i] + 511) / 512 * 512;
	}
	*len = total;
	return b;
}

static struct vpk v;
static char err[256];

static int parse(const unsigned char *b, size_t len)
{
	err[0] = '\0';
	return vpk_parse(b, len, &v, err, sizeof(err));
}

/* Refused, with want in the message and nothing handed out. */
#define REFUSED(b, len, want) refused((b), (len), (want), __LINE__)
static void refused(const unsigned char *b, size_t len, const char *want,
		    int line)
{
	int rc = parse(b, len);
	int ok = rc == -1 && v.count == 0 && strstr(err, want);

	check_one(ok, want, __FILE__, line);
	if (!ok)
		fprintf(stderr, "    rc %d, message \"%s\"\n", rc, err);
}

/* ---- names -------------------------------------------------------------- */

static bool name_ok(const char *s)
{
	return vpk_name_ok(s, strlen(s));
}

static void test_names(void)
{
	char long_name[80];

	CHECK(name_ok("vyoma.toml"));
	CHECK(name_ok(".signature"));
	CHECK(name_ok("hello.wasm"));
	CHECK(name_ok("A-Z_0.9"));
	CHECK(name_ok("x"));
	CHECK(name_ok("x."));
	CHECK(name_ok("a..b"));
	CHECK(!name_ok(""));
	CHECK(!name_ok("."));
	CHECK(!name_ok(".."));
	CHECK(!name_ok("../x"));
	CHECK(!name_ok("/abs"));
	CHECK(!name_ok("a/b"));
	CHECK(!name_ok(".hidden"));
	CHECK(!name_ok(".package"));	/* the store's record (pkgstore.h) */
	CHECK(!name_ok(".signaturex"));
	CHECK(!name_ok(".signatur"));
	CHECK(!name_ok("a b"));
	CHECK(!name_ok("a\\b"));
	CHECK(!name_ok("caf\xc3\xa9"));
	CHECK(!name_ok("a\x7f"));
	CHECK(!name_ok("a:b"));
	CHECK(!vpk_name_ok("a\0b", 3));
	memset(long_name, 'a', sizeof(long_name));
	CHECK(vpk_name_ok(long_name, 64));
	CHECK(!vpk_name_ok(long_name, 65));
}

/* ---- a round trip ------------------------------------------------------- */

static void test_round_trip(void)
{
	unsigned char h[512], *b, *again;
	const struct vpk_member *m;
	size_t len, len2, i, pos = 0;

	b = small(&len);
	CHECK_INT(len, 512 * 2 + 512 * 3 + 512 + 512 * 2 + 512 * 2 + 1024);
	CHECK_INT(parse(b, len), 0);
	CHECK_STR(err, "");
	CHECK_INT(v.count, N_SMALL);
	CHECK(v.bytes == b && v.len == len);
	for (i = 0; i < N_SMALL && i < v.count; i++) {
		CHECK_STR(v.members[i].name, small_names[i]);
		CHECK_INT(v.members[i].header, pos);
		CHECK_INT(v.members[i].offset, pos + 512);
		CHECK_INT(v.members[i].size, small_sizes[i]);
		CHECK(memcmp(b + v.members[i].offset, small_data[i],
			     small_sizes[i]) == 0);
		/* The writer's header is the one the contract describes. */
		make_header(h, small_names[i], small_sizes[i]);
		CHECK(memcmp(b + pos, h, 512) == 0);
		pos += 512 + (small_sizes[i] + 511) / 512 * 512;
	}
	CHECK_INT(pos + 1024, len);

	m = vpk_find(&v, "readme.txt");
	CHECK(m == &v.members[3]);
	CHECK(vpk_find(&v, ".signature") == &v.members[4]);
	CHECK(vpk_find(&v, "vyoma.toml") == &v.members[0]);
	CHECK(vpk_find(&v, "nope") == NULL);
	CHECK(vpk_find(&v, "") == NULL);
	CHECK_INT(vpk_check_order(&v, "hello.wasm", err, sizeof(err)), 0);

	/* The same members give the same bytes. */
	again = small(&len2);
	CHECK(len2 == len && memcmp(again, b, len) == 0);
	free(again);

	/* Only vyoma.toml, no .signature: accepted here. */
	{
		struct vpk_writer w = { 0 };

		CHECK_INT(vpk_add(&w, "vyoma.toml", "x", 1), 0);
		CHECK_INT(vpk_finish(&w), 0);
		CHECK_INT(w.len, 2048);
		CHECK_INT(parse(w.buf, w.len), 0);
		CHECK_INT(v.count, 1);
		vpk_writer_free(&w);
		CHECK(w.buf == NULL && w.len == 0 && w.count == 0);
	}
	free(b);
}

/* ---- GNU tar reads ours, and makes the same bytes ----------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static void put(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	CHECK(f && fwrite(data, 1, len, f) == len);
	if (f)
		fclose(f);
}

static void test_gnu_tar(void)
{
	char cmd[1024], line[512], path[256], *got;
	unsigned char *b;
	size_t len, i, n = 0, glen;
	FILE *p;

	if (system("tar --version 2>/dev/null | grep -q 'GNU tar'") != 0) {
		printf("vpk: no GNU tar, its checks skipped\n");
		return;
	}
	b = small(&len);
	snprintf(path, sizeof(path), "%s/small.vpk", root);
	put(path, b, len);

	/* tar tvf lists every member as a 0644 file of 0/0 from 1970. */
	snprintf(cmd, sizeof(cmd), "TZ=UTC tar tvf '%s' 2>&1", path);
	p = popen(cmd, "r");
	while (p && fgets(line, sizeof(line), p)) {
		char want[128];

		line[strcspn(line, "\n")] = '\0';
		CHECK(n < N_SMALL);
		if (n >= N_SMALL)
			break;
		snprintf(want, sizeof(want), " %zu 1970-01-01 00:00 %s",
			 small_sizes[n], small_names[n]);
		CHECK(strncmp(line, "-rw-r--r-- 0/0 ", 15) == 0);
		CHECK(strlen(line) >= strlen(want) &&
		      strcmp(line + strlen(line) - strlen(want), want) == 0);
		n++;
	}
	CHECK(p && pclose(p) == 0);
	CHECK_INT(n, N_SMALL);

	/* tar xf gives back the same bytes. */
	snprintf(cmd, sizeof(cmd), "mkdir '%s/x' && tar xf '%s' -C '%s/x' "
		 "2>&1 | grep . && exit 1; exit 0", root, path, root);
	CHECK_INT(system(cmd), 0);
	for (i = 0; i < N_SMALL; i++) {
		snprintf(path, sizeof(path), "%s/x/%s", root, small_names[i]);
		got = slurp(path, &glen);
		CHECK(got && glen == small_sizes[i] &&
		      memcmp(got, small_data[i], glen) == 0);
		free(got);
	}

	/* GNU tar told to leave out this machine's details writes the
	 * very bytes our writer does (its record of one block: -b1). */
	snprintf(cmd, sizeof(cmd), "cd '%s/x' && tar --format=ustar -b1 "
		 "--owner=0 --group=0 --numeric-owner --mtime=@0 --mode=0644 "
		 "-cf ../gnu.vpk vyoma.toml hello.wasm empty.txt readme.txt "
		 ".signature", root);
	CHECK_INT(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/gnu.vpk", root);
	got = slurp(path, &glen);
	CHECK(got && glen == len && memcmp(got, b, len) == 0);
	CHECK(got && parse((unsigned char *)got, glen) == 0);
	free(got);
	free(b);
}

/* ---- flips and truncations ---------------------------------------------- */

enum where { HEADER, CONTENT, PADDING, END };

static enum where where(size_t at)
{
	size_t i;

	for (i = 0; i < v.count; i++) {
		const struct vpk_member *m = &v.members[i];

		if (at >= m->header && at < m->offset)
			return HEADER;
		if (at >= m->offset && at < m->offset + m->size)
			return CONTENT;
		if (at >= m->offset && at < m->offset + (m->size + 511) /
		    512 * 512)
			return PADDING;
	}
	return END;
}

static void test_flips(void)
{
	static const unsigned char masks[] = { 0x01, 0x20, 0x80, 0xff };
	unsigned char *b, *c;
	size_t len, at, k, bad = 0, refusals = 0;
	enum where *map;

	b = small(&len);
	c = malloc(len);
	map = malloc(len * sizeof(*map));
	CHECK_INT(parse(b, len), 0);
	for (at = 0; at < len; at++)
		map[at] = where(at);
	for (at = 0; at < len; at++) {
		for (k = 0; k < sizeof(masks); k++) {
			int rc;

			memcpy(c, b, len);
			c[at] ^= masks[k];
			rc = parse(c, len);
			/* Only a member's content is free; every other
			 * byte is fixed, or counted in the checksum. */
			if (map[at] == CONTENT ? rc != 0 : rc != -1 ||
			    !err[0] || v.count != 0) {
				if (!bad++)
					fprintf(stderr, "    byte %zu ^ 0x%02x:"
						" rc %d, \"%s\"\n", at,
						masks[k], rc, err);
			}
			if (rc)
				refusals++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK(refusals > 4 * 3000);

	/* A flip's message names the member and the field. */
	memcpy(c, b, len);
	c[1024 + 124 + 3] ^= 0x40;	/* hello.wasm's size, not a digit */
	REFUSED(c, len, "member 2 (hello.wasm): chksum is");
	memcpy(c, b, len);
	c[1024 + 148] = 'x';
	REFUSED(c, len, "member 2 (hello.wasm): chksum is not 6 octal digits");
	memcpy(c, b, len);
	c[1024 + 100 + 6] = '5';	/* mode 0000645 */
	REFUSED(c, len, "member 2 (hello.wasm): chksum is 0");
	set_sum(c + 1024);
	REFUSED(c, len, "member 2 (hello.wasm): mode is not 0000644");
	memcpy(c, b, len);
	c[1024 + 512 + 600] = 1;
	REFUSED(c, len, "member 2 (hello.wasm): the padding after its "
		"content is not all NUL bytes");
	memcpy(c, b, len);
	c[len - 1] = 1;
	REFUSED(c, len, "after member 5 (.signature): the second closing "
		"block");
	memcpy(c, b, len);
	c[len - 1024] = 1;
	REFUSED(c, len, "member 6: magic is not");
	free(map);
	free(c);
	free(b);
}

static void test_truncations(void)
{
	unsigned char *b;
	size_t len, n, bad = 0;

	b = small(&len);
	for (n = 0; n < len; n++)
		if (parse(b, n) != -1 || v.count != 0 || !err[0])
			bad++;
	CHECK_INT(bad, 0);
	REFUSED(b, 0, "archive is empty");
	REFUSED(b, 100, "archive is 100 bytes, not a whole number of "
		"512-byte blocks");
	REFUSED(b, 1024, "archive ends after member 1 (vyoma.toml) with "
		"neither");
	REFUSED(b, 512, "member 1 (vyoma.toml): size 60 runs past");
	REFUSED(b, 1024 + 512, "member 2 (hello.wasm): size 600 runs past");
	REFUSED(b, len - 1024, "archive ends after member 5 (.signature) "
		"with neither of the two closing zero blocks");
	REFUSED(b, len - 512, "archive ends after member 5 (.signature) "
		"with only one of the two closing zero blocks");
	free(b);
}

static void test_trailing(void)
{
	unsigned char *b, *c;
	size_t len;

	b = small(&len);
	c = calloc(1, len + 1024);
	memcpy(c, b, len);
	REFUSED(c, len + 512, "after member 5 (.signature): 512 bytes "
		"follow the two closing zero blocks");
	REFUSED(c, len + 1024, "1024 bytes follow");
	REFUSED(c, len + 1, "not a whole number");
	c[len + 3] = 'x';
	REFUSED(c, len + 512, "512 bytes follow");
	/* Only zero blocks. */
	memset(c, 0, len);
	REFUSED(c, 1024, "archive has no members: vyoma.toml must come "
		"first");
	REFUSED(c, 512, "archive has no members");
	free(c);
	free(b);
}

/* ---- names and order ---------------------------------------------------- */

static void test_bad_names(void)
{
	static const char *const bad[] = {
		"../x", "/abs", "a/b", ".hidden", ".", "..", "caf\xc3\xa9",
		"a b", "x\x01", ".signature.", "-\"\\",
	};
	const char *names[3] = { "vyoma.toml", "hello.wasm", NULL };
	size_t sizes[3] = { 3, 3, 3 }, len, i;
	char long_name[66];
	unsigned char *b;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		names[2] = bad[i];
		b = raw(names, sizes, 3, &len);
		REFUSED(b, len, "member 3: name \"");
		REFUSED(b, len, "is not a plain file name");
		free(b);
	}
	names[2] = "../x";
	b = raw(names, sizes, 3, &len);
	REFUSED(b, len, "member 3: name \"../x\" is not a plain file name");
	free(b);
	names[2] = "caf\xc3\xa9";
	b = raw(names, sizes, 3, &len);
	REFUSED(b, len, "member 3: name \"caf\\xc3\\xa9\" is not");
	free(b);

	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	names[2] = long_name;
	b = raw(names, sizes, 3, &len);
	REFUSED(b, len, "member 3: name \"aaaa");
	REFUSED(b, len, "aaa...\" is not a plain file name");
	free(b);
	long_name[64] = '\0';
	b = raw(names, sizes, 3, &len);
	CHECK_INT(parse(b, len), 0);
	CHECK_STR(v.members[2].name, long_name);

	/* The name field: empty, unended, bytes after the NUL. */
	b[1024 * 2] = '\0';
	set_sum(b + 2048);
	REFUSED(b, len, "member 3: name is empty");
	memset(b + 2048, 'a', 100);
	set_sum(b + 2048);
	REFUSED(b, len, "member 3: name is not ended by a NUL within its "
		"100 bytes");
	memcpy(b + 2048, "ok\0", 3);
	set_sum(b + 2048);
	REFUSED(b, len, "member 3 (ok): name field has bytes after the "
		"name's NUL");
	free(b);
}

static void test_order(void)
{
	struct {
		const char *names[6];
		size_t n;
		const char *want;	/* NULL: accepted */
	} cases[] = {
		{ { "vyoma.toml", "z.wasm", "a", "b", ".signature" }, 5,
		  NULL },
		{ { "vyoma.toml", "z.wasm", "a", "b" }, 4, NULL },
		{ { "vyoma.toml", "z.wasm" }, 2, NULL },
		{ { "vyoma.toml", ".signature" }, 2, NULL },
		{ { "vyoma.toml", "a", "B" }, 3, NULL },
		{ { "vyoma.toml", "m.wasm", "a", "a" }, 4,
		  "member 4 (a): name already used by member 3" },
		{ { "vyoma.toml", "m.wasm", "vyoma.toml" }, 3,
		  "member 3 (vyoma.toml): name already used by member 1" },
		{ { "vyoma.toml", "m.wasm", "a", "m.wasm" }, 4,
		  "member 4 (m.wasm): name already used by member 2" },
		{ { "vyoma.toml", "m.wasm", "b", "a" }, 4,
		  "member 4 (a): assets must be sorted by name, but it comes "
		  "after member 3 (b)" },
		{ { "vyoma.toml", "m.wasm", "a", "c", "b" }, 5,
		  "member 5 (b): assets must be sorted" },
		{ { "vyoma.toml", "m.wasm", "a", "B" }, 4,
		  "member 4 (B): assets must be sorted" },
		{ { "vyoma.toml", "m.wasm", "a-", "a." }, 4, NULL },
		{ { "vyoma.toml", "m.wasm", "a.", "a-" }, 4,
		  "member 4 (a-): assets must be sorted" },
		{ { "vyoma.toml", "m.wasm", "ab", "a" }, 4,
		  "member 4 (a): assets must be sorted" },
		{ { "hello.wasm", "vyoma.toml" }, 2,
		  "member 1 (hello.wasm): the first member must be "
		  "vyoma.toml" },
		{ { ".signature", "vyoma.toml" }, 2,
		  "member 1 (.signature): the first member must be" },
		{ { "vyoma.toml", "m.wasm", ".signature", "a" }, 4,
		  "member 4 (a): comes after .signature, which must be the "
		  "last member" },
		{ { "vyoma.toml", ".signature", "m.wasm" }, 3,
		  "member 3 (m.wasm): comes after .signature" },
		{ { "vyoma.toml", "m.wasm", ".signature", ".signature" }, 4,
		  "member 4 (.signature): name already used by member 3" },
	};
	size_t sizes[6] = { 1, 2, 3, 4, 5, 6 }, i, len;
	struct vpk_writer w;
	unsigned char *b;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t j;
		int rc = 0;

		b = raw(cases[i].names, sizes, cases[i].n, &len);
		if (cases[i].want) {
			REFUSED(b, len, cases[i].want);
		} else {
			CHECK_INT(parse(b, len), 0);
			CHECK_INT(v.count, cases[i].n);
		}
		/* The writer refuses what the reader would, and writes
		 * the same bytes as the contract when it does not. */
		memset(&w, 0, sizeof(w));
		for (j = 0; j < cases[i].n && !rc; j++)
			rc = vpk_add(&w, cases[i].names[j], "xxxxxx",
				     sizes[j]);
		if (!rc)
			rc = vpk_finish(&w);
		CHECK_INT(rc, cases[i].want ? -1 : 0);
		if (!cases[i].want)
			CHECK(w.len == len && memcmp(w.buf, b, len) == 0);
		else
			CHECK_INT(errno, EINVAL);
		vpk_writer_free(&w);
		free(b);
	}
}

static void test_member_count(void)
{
	const char *names[VPK_MAX_MEMBERS + 1];
	size_t sizes[VPK_MAX_MEMBERS + 1], i, len;
	static char buf[VPK_MAX_MEMBERS + 1][8];
	struct vpk_writer w = { 0 };
	unsigned char *b;

	names[0] = "vyoma.toml";
	names[1] = "m.wasm";
	sizes[0] = sizes[1] = 1;
	for (i = 2; i <= VPK_MAX_MEMBERS; i++) {
		snprintf(buf[i], sizeof(buf[i]), "a%02zu", i);
		names[i] = buf[i];
		sizes[i] = i;
	}
	b = raw(names, sizes, VPK_MAX_MEMBERS, &len);
	CHECK_INT(parse(b, len), 0);
	CHECK_INT(v.count, VPK_MAX_MEMBERS);
	free(b);
	b = raw(names, sizes, VPK_MAX_MEMBERS + 1, &len);
	REFUSED(b, len, "member 33: an archive holds at most 32 members");
	free(b);
	for (i = 0; i < VPK_MAX_MEMBERS; i++)
		CHECK_INT(vpk_add(&w, names[i], "x", 1), 0);
	CHECK_INT(vpk_add(&w, names[i], "x", 1), -1);
	CHECK_INT(errno, EINVAL);
	CHECK_INT(vpk_finish(&w), 0);
	CHECK_INT(parse(w.buf, w.len), 0);
	CHECK_INT(v.count, VPK_MAX_MEMBERS);
	vpk_writer_free(&w);
}

/* ---- sizes -------------------------------------------------------------- */

static void set_field(unsigned char *h, size_t off, const void *bytes,
		      size_t n)
{
	memcpy(h + off, bytes, n);
	set_sum(h);
}

static void test_sizes(void)
{
	const char *names[2] = { "vyoma.toml", "big.wasm" };
	size_t sizes[2] = { 1, VPK_MEMBER_MAX }, len;
	struct vpk_writer w = { 0 };
	unsigned char *b, *h;
	void *big;

	/* A member of exactly the limit. */
	b = raw(names, sizes, 2, &len);
	CHECK_INT(parse(b, len), 0);
	CHECK_INT(v.members[1].size, VPK_MEMBER_MAX);
	h = b + 1024;

	set_field(h, 124, "00020000001", 12);
	REFUSED(b, len, "member 2 (big.wasm): size 4194305 is over the "
		"4194304 bytes a member may hold");
	set_field(h, 124, "77777777777", 12);
	REFUSED(b, len, "member 2 (big.wasm): size 8589934591 is over");
	set_field(h, 124, "777777777777", 12);	/* no NUL */
	REFUSED(b, len, "member 2 (big.wasm): size is not 11 octal digits "
		"and a NUL");
	/* GNU tar's base-256 for sizes over 8 GiB */
	set_field(h, 124, "\x80\0\0\0\0\0\0\0\0\0\0\x01", 12);
	REFUSED(b, len, "size is not 11 octal digits");
	set_field(h, 124, " 0000000001", 12);
	REFUSED(b, len, "size is not 11 octal digits");
	set_field(h, 124, "0000000001 ", 12);
	REFUSED(b, len, "size is not 11 octal digits");
	set_field(h, 124, "00000000008", 12);
	REFUSED(b, len, "size is not 11 octal digits");
	set_field(h, 124, "-0000000001", 12);
	REFUSED(b, len, "size is not 11 octal digits");
	set_field(h, 124, "\0\0\0\0\0\0\0\0\0\0\0", 12);
	REFUSED(b, len, "size is not 11 octal digits");
	/* One byte more than the archive has room for. */
	set_field(h, 124, "00020000000", 12);
	CHECK_INT(parse(b, len), 0);
	set_field(h, 124, "00020000000", 12);
	REFUSED(b, len - 1024 - 512, "member 2 (big.wasm): size 4194304 "
		"runs past the end of the archive");
	free(b);

	/* The whole file's limit. */
	b = calloc(1, VPK_FILE_MAX + 512);
	REFUSED(b, VPK_FILE_MAX + 512, "archive is 8389120 bytes, over the "
		"8388608 a package may have");
	free(b);

	/* The writer's limits. */
	big = calloc(1, VPK_MEMBER_MAX + 1);
	CHECK_INT(vpk_add(&w, "vyoma.toml", "x", 1), 0);
	CHECK_INT(vpk_add(&w, "a.wasm", big, VPK_MEMBER_MAX + 1), -1);
	CHECK_INT(errno, EFBIG);
	CHECK_INT(w.count, 1);
	CHECK_INT(vpk_add(&w, "a.wasm", big, VPK_MEMBER_MAX), 0);
	/* 1536 + 4 MiB written: a second 4 MiB would pass 8 MiB. */
	CHECK_INT(vpk_add(&w, "b", big, VPK_MEMBER_MAX), -1);
	CHECK_INT(errno, EFBIG);
	CHECK_INT(vpk_add(&w, "b", big, VPK_FILE_MAX - w.len - 1024 - 512),
		  0);
	CHECK_INT(vpk_add(&w, "c", big, 0), -1);
	CHECK_INT(vpk_finish(&w), 0);
	CHECK_INT(w.len, VPK_FILE_MAX);
	CHECK_INT(parse(w.buf, w.len), 0);
	CHECK_INT(v.count, 3);
	vpk_writer_free(&w);
	free(big);
}

/* ---- typeflags, checksums and the fixed fields -------------------------- */

static void test_fields(void)
{
	static const struct {
		size_t off;
		const char *bytes;
		size_t n;
		const char *want;
	} cases[] = {
		{ 156, "2", 1, "typeflag is \"2\", but only '0'" },
		{ 156, "5", 1, "typeflag is \"5\"" },
		{ 156, "1", 1, "typeflag is \"1\"" },
		{ 156, "\0", 1, "typeflag is \"\\x00\"" },
		{ 156, "x", 1, "typeflag is \"x\"" },
		{ 156, "L", 1, "typeflag is \"L\"" },
		{ 257, "ustar ", 6, "member 2: magic is not \"ustar\\0\"" },
		{ 257, "ustaR", 6, "magic is not" },
		{ 263, " \0", 2, "member 2 (hello.wasm): version is not 00" },
		{ 263, "01", 2, "version is not 00" },
		{ 100, "0000755", 8, "mode is not 0000644" },
		{ 100, "000644\0", 8, "mode is not 0000644" },
		{ 100, "0000644 ", 8, "mode is not 0000644" },
		{ 108, "0001750", 8, "uid is not 0000000" },
		{ 116, "0000001", 8, "gid is not 0000000" },
		{ 116, "\0\0\0\0\0\0\0", 8, "gid is not 0000000" },
		{ 136, "00000000001", 12, "mtime is not 00000000000" },
		{ 136, "14755555555", 12, "mtime is not" },
		{ 157, "target", 6, "linkname is not all NUL bytes" },
		{ 256, "x", 1, "linkname is not all NUL bytes" },
		{ 265, "root", 4, "uname is not all NUL bytes" },
		{ 297, "root", 4, "gname is not all NUL bytes" },
		{ 329, "\0\0\0\0\0\0\0", 8, "devmajor is not 0000000" },
		{ 337, "0000001", 8, "devminor is not 0000000" },
		{ 345, "dir", 3, "prefix is not all NUL bytes" },
		{ 499, "x", 1, "prefix is not all NUL bytes" },
		{ 500, "x", 1, "pad (bytes 500 to 511) is not all NUL" },
		{ 511, "x", 1, "pad (bytes 500 to 511) is not all NUL" },
	};
	/* Other spellings of a right sum (the last byte is a NUL). */
	static const char *const sums[] = {
		"%07o", "%06o ", " %06o", "%6o ", " %05o ", "%05o  ",
	};
	unsigned char *b, *c, *h;
	size_t len, i;
	char want[160], field[16];
	unsigned sum;

	b = small(&len);
	c = malloc(len);
	h = c + 1024;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(c, b, len);
		set_field(h, cases[i].off, cases[i].bytes, cases[i].n);
		REFUSED(c, len, cases[i].want);
		if (cases[i].off != 257 &&
		    strncmp(cases[i].want, "member", 6) != 0) {
			snprintf(want, sizeof(want), "member 2 (hello.wasm): "
				 "%.30s", cases[i].want);
			REFUSED(c, len, want);
		}
	}

	/* The checksum: only 6 digits, NUL, space, and the right sum. */
	memcpy(c, b, len);
	sum = (unsigned)strtoul((char *)h + 148, NULL, 8);
	CHECK(h[154] == 0 && h[155] == ' ');
	h[153] ^= 1;
	REFUSED(c, len, "member 2 (hello.wasm): chksum is 0");
	REFUSED(c, len, "but the header sums to 0");
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++) {
		memcpy(c, b, len);
		snprintf(field, sizeof(field), sums[i], sum);
		memcpy(h + 148, field, 8);
		REFUSED(c, len, "member 2 (hello.wasm): chksum is not 6 "
			"octal digits, a NUL and a space");
	}
	memcpy(c, b, len);
	snprintf(field, sizeof(field), "%06o", sum);
	CHECK(memcmp(h + 148, field, 7) == 0);	/* "%06o\0 " is right */
	/* A header of all 0xff is no ustar header. */
	memset(h, 0xff, 512);
	REFUSED(c, len, "member 2: magic is not");
	/* Nor one whose only wrong field is its name's first byte. */
	memcpy(c, b, len);
	h[0] = 0xff;
	set_sum(h);
	REFUSED(c, len, "member 2: name \"\\xffello.wasm\" is not");
	free(c);
	free(b);
}

/* ---- the writer's own refusals ------------------------------------------ */

static void test_writer(void)
{
	static char long_name[66];
	static const char *const bad[] = {
		"", "../x", "/abs", "a/b", ".hidden", ".", "..",
		"caf\xc3\xa9", long_name,
	};
	struct vpk_writer w = { 0 };
	size_t i;

	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	CHECK_INT(vpk_finish(&w), -1);	/* nothing in it */
	CHECK_INT(errno, EINVAL);
	CHECK_INT(vpk_add(&w, "hello.wasm", "x", 1), -1);	/* not first */
	CHECK_INT(vpk_add(&w, "vyoma.toml", "x", 1), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		CHECK_INT(vpk_add(&w, bad[i], "x", 1), -1);
		CHECK_INT(errno, EINVAL);
	}
	CHECK_INT(w.count, 1);
	CHECK_INT(w.len, 1024);
	CHECK_INT(vpk_add(&w, "m.wasm", NULL, 0), 0);
	CHECK_INT(vpk_finish(&w), 0);
	CHECK_INT(vpk_finish(&w), -1);		/* twice */
	CHECK_INT(vpk_add(&w, "z", "x", 1), -1);	/* after it */
	CHECK_INT(w.len, 1024 + 512 + 1024);
	CHECK_INT(parse(w.buf, w.len), 0);
	CHECK_INT(v.count, 2);
	vpk_writer_free(&w);
	vpk_writer_free(&w);
}

/* ---- vpk_check_order ---------------------------------------------------- */

static void test_check_order(void)
{
	const char *names[5] = { "vyoma.toml", "hello.wasm", "a", "b",
				 ".signature" };
	size_t sizes[5] = { 1, 1, 1, 1, 1 }, len;
	unsigned char *b;
	struct vpk copy;

	b = raw(names, sizes, 5, &len);
	CHECK_INT(parse(b, len), 0);
	CHECK_INT(vpk_check_order(&v, "hello.wasm", err, sizeof(err)), 0);
	CHECK_INT(vpk_check_order(&v, "a", err, sizeof(err)), -1);
	CHECK_STR(err, "member 2 (hello.wasm): the module a (the manifest's "
		  "entry) must come second");
	CHECK_INT(vpk_check_order(&v, "other.wasm", err, sizeof(err)), -1);
	CHECK_INT(vpk_check_order(&v, "vyoma.toml", err, sizeof(err)), -1);
	CHECK_STR(err, "entry \"vyoma.toml\" cannot name a member of a "
		  "package");
	CHECK_INT(vpk_check_order(&v, ".signature", err, sizeof(err)), -1);
	CHECK_INT(vpk_check_order(&v, "bin/hello.wasm", err, sizeof(err)),
		  -1);
	CHECK_STR(err, "entry \"bin/hello.wasm\" cannot name a member of a "
		  "package");
	CHECK_INT(vpk_check_order(&v, "", err, sizeof(err)), -1);
	CHECK_INT(vpk_check_order(&v, "../hello.wasm", err, sizeof(err)), -1);
	/* Sorting is checked here too, for a struct not from vpk_parse. */
	copy = v;
	strcpy(copy.members[2].name, "c");
	CHECK_INT(vpk_check_order(&copy, "hello.wasm", err, sizeof(err)), -1);
	CHECK_STR(err, "member 4 (b): assets must be sorted by name");
	free(b);

	/* Only the manifest, or the manifest and the signature. */
	b = raw(names, sizes, 1, &len);
	CHECK_INT(parse(b, len), 0);
	CHECK_INT(vpk_check_order(&v, "hello.wasm", err, sizeof(err)), -1);
	CHECK_STR(err, "member 2: missing; the module hello.wasm (the "
		  "manifest's entry) must come second");
	free(b);
	names[1] = ".signature";
	b = raw(names, sizes, 2, &len);
	CHECK_INT(parse(b, len), 0);
	CHECK_INT(vpk_check_order(&v, "hello.wasm", err, sizeof(err)), -1);
	CHECK_STR(err, "member 2 (.signature): the module hello.wasm (the "
		  "manifest's entry) must come second");
	free(b);
	/* The module may sort anywhere against the assets. */
	names[1] = "zz.wasm";
	b = raw(names, sizes, 4, &len);
	CHECK_INT(parse(b, len), 0);
	CHECK_INT(vpk_check_order(&v, "zz.wasm", err, sizeof(err)), 0);
	free(b);
}

/* Errors into a short buffer, or none, are cut, never overrun. */
static void test_short_err(void)
{
	char small_err[8];
	unsigned char *b;
	size_t len;

	b = small(&len);
	CHECK_INT(vpk_parse(b, len - 1, &v, small_err, sizeof(small_err)),
		  -1);
	CHECK_STR(small_err, "archive");
	CHECK_INT(vpk_parse(b, len - 512, &v, NULL, 0), -1);
	CHECK_INT(vpk_check_order(&v, "x", NULL, 0), -1);
	free(b);
}

int main(void)
{
	char cmd[600];

	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	fill_small();
	test_names();
	test_round_trip();
	test_gnu_tar();
	test_flips();
	test_truncations();
	test_trailing();
	test_bad_names();
	test_order();
	test_member_count();
	test_sizes();
	test_fields();
	test_writer();
	test_check_order();
	test_short_err();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	CHECK_INT(system(cmd), 0);
	return check_summary("vpk");
}
