/*
 * vyoma-repo.c - the repository's host tool: makes the keys, certifies
 * the repository key with the root key, packs an app directory into a
 * signed .vpk, and writes the signed index of a set of packages. It uses
 * the supervisor's own archive writer and signer (vpk.c, sign.c) and its
 * manifest parser, so what it makes is what PID 1 accepts.
 * docs/packages.md is the format; the Makefile's `packages` and `repo`
 * targets are its callers.
 *
 * Keys are files of hex digits and a newline: <name>.key (the 64-byte
 * secret, mode 0600) and <name>.pub (the 32-byte public key).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "bundle.h"
#include "manifest.h"
#include "sign.h"
#include "vpk.h"

#define ASSETS_MAX (VPK_MAX_MEMBERS - 3)

static void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("vyoma-repo: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static char *read_or_die(const char *path, size_t max, size_t *len)
{
	char *buf = file_read(path, max, len);
	char err[512];

	if (!buf) {
		file_error(path, max, err, sizeof(err));
		die("%s", err);
	}
	return buf;
}

static void write_or_die(const char *path, const void *data, size_t len,
			 int mode)
{
	FILE *f;

	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
	chmod(path, mode);
}

static void key_path(char *buf, size_t len, const char *dir,
		     const char *name, const char *ext)
{
	if (snprintf(buf, len, "%s/%s.%s", dir, name, ext) >= (int)len)
		die("%s: path too long", dir);
}

static void read_key(const char *dir, const char *name, const char *ext,
		     uint8_t *key, size_t bytes)
{
	char path[4096];
	size_t len;
	char *text;

	key_path(path, sizeof(path), dir, name, ext);
	text = read_or_die(path, 1024, &len);
	if (len != 2 * bytes + 1 || text[len - 1] != '\n' ||
	    sodium_hex2bin(key, bytes, text, len - 1, NULL, NULL, NULL) != 0)
		die("%s: not %zu hex digits and a newline", path, 2 * bytes);
	sodium_memzero(text, len);
	free(text);
}

static void write_key(const char *dir, const char *name, const char *ext,
		      const uint8_t *key, size_t bytes, int mode)
{
	char path[4096], hex[2 * SIGN_SECRET + 2];

	key_path(path, sizeof(path), dir, name, ext);
	sodium_bin2hex(hex, sizeof(hex), key, bytes);
	strcat(hex, "\n");
	write_or_die(path, hex, strlen(hex), mode);
	sodium_memzero(hex, sizeof(hex));
}

/* keygen DIR NAME: a new key pair, unless one is there already. */
static int cmd_keygen(int argc, char **argv)
{
	uint8_t pk[SIGN_PUBLIC], sk[SIGN_SECRET];
	char path[4096];
	struct stat st;

	if (argc != 2)
		die("usage: keygen DIR NAME");
	key_path(path, sizeof(path), argv[0], argv[1], "key");
	if (stat(path, &st) == 0) {
		/* A key whose .pub was never written (a cut): derive it. */
		read_key(argv[0], argv[1], "key", sk, SIGN_SECRET);
		crypto_sign_ed25519_sk_to_pk(pk, sk);
		sodium_memzero(sk, sizeof(sk));
		write_key(argv[0], argv[1], "pub", pk, SIGN_PUBLIC, 0644);
		return 0;
	}
	if (file_mkdirs(argv[0], 0700) != 0)
		die("%s: %s", argv[0], strerror(errno));
	crypto_sign_keypair(pk, sk);
	write_key(argv[0], argv[1], "key", sk, SIGN_SECRET, 0600);
	write_key(argv[0], argv[1], "pub", pk, SIGN_PUBLIC, 0644);
	sodium_memzero(sk, sizeof(sk));
	fprintf(stderr, "vyoma-repo: new key %s\n", path);
	return 0;
}

static uint64_t number(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || *s == '+')
		die("%s: '%s' is not a number", what, s);
	return v;
}

/* certify DIR SIGNER SUBJECT SERIAL EXPIRES OUT [ROLE] */
static int cmd_certify(int argc, char **argv)
{
	uint8_t sk[SIGN_SECRET];
	struct certificate c = { .role = ROLE_REPOSITORY };
	char *text;
	size_t len;

	if (argc != 6 && argc != 7)
		die("usage: certify DIR SIGNER SUBJECT SERIAL EXPIRES OUT "
		    "[ROLE]");
	if (argc == 7)
		snprintf(c.role, sizeof(c.role), "%s", argv[6]);
	read_key(argv[0], argv[1], "key", sk, SIGN_SECRET);
	read_key(argv[0], argv[2], "pub", c.key, SIGN_PUBLIC);
	c.serial = number(argv[3], "serial");
	c.expires = number(argv[4], "expires");
	if (cert_sign(&c, sk, &text, &len) != 0)
		die("cannot sign the certificate");
	sodium_memzero(sk, sizeof(sk));
	write_or_die(argv[5], text, len, 0644);
	free(text);
	return 0;
}

/*
 * bundle DIR KEY CERT VERSION NOTES IMAGE OUT: a system update bundle
 * (bundle.h) of the slot image IMAGE, its manifest signed by KEY, whose
 * certificate CERT goes with it.
 */
static int cmd_bundle(int argc, char **argv)
{
	struct update_manifest m = { 0 };
	uint8_t sk[SIGN_SECRET];
	char *cert, *image, *manifest, header[BUNDLE_HEADER_MAX];
	size_t cert_len, image_len, manifest_len;
	int n;
	FILE *f;

	if (argc != 7)
		die("usage: bundle DIR KEY CERT VERSION NOTES IMAGE OUT");
	read_key(argv[0], argv[1], "key", sk, SIGN_SECRET);
	cert = read_or_die(argv[2], 4096, &cert_len);
	image = read_or_die(argv[5], UPDATE_IMAGE_MAX, &image_len);
	if (snprintf(m.version, sizeof(m.version), "%s", argv[3]) >=
	    (int)sizeof(m.version) ||
	    snprintf(m.notes, sizeof(m.notes), "%s", argv[4]) >=
	    (int)sizeof(m.notes))
		die("the version or the notes are too long");
	m.image_length = image_len;
	sign_sha256(image, image_len, m.image_sha256);
	if (update_manifest_sign(&m, sk, &manifest, &manifest_len) != 0)
		die("cannot sign the manifest (version '%s': digits and dots; "
		    "notes: one line)", m.version);
	sodium_memzero(sk, sizeof(sk));
	n = bundle_header(cert, cert_len, manifest, manifest_len, header,
			  sizeof(header));
	if (n < 0)
		die("the certificate or the manifest is too large");
	f = fopen(argv[6], "wb");
	if (!f || fwrite(header, 1, (size_t)n, f) != (size_t)n ||
	    fwrite(image, 1, image_len, f) != image_len || fclose(f) != 0)
		die("%s: cannot write", argv[6]);
	free(cert);
	free(image);
	free(manifest);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_file(struct vpk_writer *w, const char *dir, const char *name)
{
	char path[4096];
	size_t len;
	char *data;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	data = read_or_die(path, VPK_MEMBER_MAX, &len);
	if (vpk_add(w, name, data, len) != 0)
		die("%s: cannot be a package member (name or size)", path);
	free(data);
}

/*
 * pack APPDIR DIR KEY OUTDIR: OUTDIR/<name>-<version>.vpk holding
 * vyoma.toml, its entry, every other regular file (but hidden ones:
 * build stamps), sorted, and the signature.
 */
static int cmd_pack(int argc, char **argv)
{
	struct vpk_writer w = { 0 };
	struct manifest m;
	uint8_t sk[SIGN_SECRET];
	char path[4096], err[512], sig[1024], *assets[ASSETS_MAX];
	size_t count = 0;
	struct dirent *e;
	DIR *d;

	if (argc != 4)
		die("usage: pack APPDIR DIR KEY OUTDIR");
	snprintf(path, sizeof(path), "%s/" VPK_MANIFEST, argv[0]);
	if (manifest_load(path, &m, err, sizeof(err)) != 0)
		die("%s", err);
	d = opendir(argv[0]);
	if (!d)
		die("%s: %s", argv[0], strerror(errno));
	while ((e = readdir(d))) {
		struct stat st;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, VPK_MANIFEST) ||
		    !strcmp(e->d_name, m.entry))
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[0], e->d_name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			die("%s: not a regular file", path);
		if (count == ASSETS_MAX)
			die("%s: more than %d files", argv[0], ASSETS_MAX);
		assets[count++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(assets, count, sizeof(assets[0]), by_name);
	add_file(&w, argv[0], VPK_MANIFEST);
	add_file(&w, argv[0], m.entry);
	for (size_t i = 0; i < count; i++) {
		add_file(&w, argv[0], assets[i]);
		free(assets[i]);
	}
	read_key(argv[1], argv[2], "key", sk, SIGN_SECRET);
	if (vpk_signature_text(w.buf, w.len, sk, sig, sizeof(sig)) != 0)
		die("cannot sign %s", argv[0]);
	sodium_memzero(sk, sizeof(sk));
	if (vpk_add(&w, VPK_SIGNATURE, sig, strlen(sig)) != 0 ||
	    vpk_finish(&w) != 0)
		die("%s: cannot finish the archive", argv[0]);
	if (snprintf(path, sizeof(path), "%s/%s-%s.vpk", argv[3], m.name,
		     m.version) >= (int)sizeof(path))
		die("%s: path too long", argv[3]);
	write_or_die(path, w.buf, w.len, 0644);
	vpk_writer_free(&w);
	return 0;
}

struct entry {
	struct manifest m;
	size_t length;
	uint8_t sha256[SIGN_HASH];
};

static int by_manifest_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->m.name,
		      ((const struct entry *)b)->m.name);
}

/* A package checked as the supervisor will, and what the index says of it. */
static void read_package(const char *path, const uint8_t key[SIGN_PUBLIC],
			 struct entry *out)
{
	const struct vpk_member *mf;
	struct vpk v;
	char err[512];
	size_t len;
	char *data = read_or_die(path, VPK_FILE_MAX, &len);

	if (vpk_parse((unsigned char *)data, len, &v, err, sizeof(err)) != 0 ||
	    vpk_verify_signature(&v, key, err, sizeof(err)) != 0)
		die("%s: %s", path, err);
	mf = vpk_find(&v, VPK_MANIFEST);
	if (manifest_parse((char *)data + mf->offset, mf->size, path, &out->m,
			   err, sizeof(err)) != 0 ||
	    vpk_check_order(&v, out->m.entry, err, sizeof(err)) != 0)
		die("%s", err);
	out->length = len;
	sign_sha256(data, len, out->sha256);
	free(data);
}

static void put(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void put(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if (n < 0)
			die("cannot format the index");
		if ((size_t)n < *cap - *len)
			break;
		*cap = *cap * 2 + (size_t)n;
		*buf = realloc(*buf, *cap);
		if (!*buf)
			die("out of memory");
	}
	*len += (size_t)n;
}

/* index DIR KEY VERSION EXPIRES OUT PACKAGE... */
static int cmd_index(int argc, char **argv)
{
	uint8_t sk[SIGN_SECRET], pk[SIGN_PUBLIC];
	size_t n = (size_t)argc - 5, len = 0, cap = 4096, out_len;
	struct entry *entries;
	char *body, *out, hex[2 * SIGN_HASH + 1], caps[1024];

	if (argc < 5)
		die("usage: index DIR KEY VERSION EXPIRES OUT PACKAGE...");
	read_key(argv[0], argv[1], "key", sk, SIGN_SECRET);
	read_key(argv[0], argv[1], "pub", pk, SIGN_PUBLIC);
	entries = calloc(n ? n : 1, sizeof(*entries));
	body = malloc(cap);
	if (!entries || !body)
		die("out of memory");
	for (size_t i = 0; i < n; i++)
		read_package(argv[5 + i], pk, &entries[i]);
	qsort(entries, n, sizeof(*entries), by_manifest_name);
	put(&body, &len, &cap, "vyoma-index 1\nversion %" PRIu64 "\nexpires %"
	    PRIu64 "\n", number(argv[2], "version"),
	    number(argv[3], "expires"));
	for (size_t i = 0; i < n; i++) {
		const struct manifest *m = &entries[i].m;

		if (i && !strcmp(m->name, entries[i - 1].m.name))
			die("two packages are named %s", m->name);
		sodium_bin2hex(hex, sizeof(hex), entries[i].sha256, SIGN_HASH);
		manifest_describe(m, caps, sizeof(caps));
		put(&body, &len, &cap, "package %s %s %s %zu %s\n"
		    "description %s\ncapabilities %s\nend\n", m->name,
		    m->version, m->category[0] ? m->category : "other",
		    entries[i].length, hex, m->description, caps);
	}
	if (index_sign(body, len, sk, &out, &out_len) != 0)
		die("cannot sign the index");
	sodium_memzero(sk, sizeof(sk));
	write_or_die(argv[4], out, out_len, 0644);
	free(out);
	free(body);
	free(entries);
	return 0;
}

/*
 * sign-index DIR KEY BODY OUT: signs a hand-written index body as is
 * (the tests' forged and edited indexes; a person fixing one by hand).
 */
static int cmd_sign_index(int argc, char **argv)
{
	uint8_t sk[SIGN_SECRET];
	size_t len, out_len;
	char *body, *out;

	if (argc != 4)
		die("usage: sign-index DIR KEY BODY OUT");
	read_key(argv[0], argv[1], "key", sk, SIGN_SECRET);
	body = read_or_die(argv[2], SIGN_TEXT_MAX, &len);
	if (index_sign(body, len, sk, &out, &out_len) != 0)
		die("%s: cannot be signed as an index body", argv[2]);
	sodium_memzero(sk, sizeof(sk));
	write_or_die(argv[3], out, out_len, 0644);
	free(out);
	free(body);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "keygen", cmd_keygen },
	{ "certify", cmd_certify },
	{ "pack", cmd_pack },
	{ "index", cmd_index },
	{ "sign-index", cmd_sign_index },
	{ "bundle", cmd_bundle },
};

int main(int argc, char **argv)
{
	if (sodium_init() < 0)
		die("libsodium cannot start");
	for (size_t i = 0; argc > 1 && i < sizeof(commands) /
	     sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 2, argv + 2);
	fputs("usage: vyoma-repo keygen DIR NAME\n"
	      "       vyoma-repo certify DIR SIGNER SUBJECT SERIAL EXPIRES OUT"
	      " [ROLE]\n"
	      "       vyoma-repo pack APPDIR DIR KEY OUTDIR\n"
	      "       vyoma-repo index DIR KEY VERSION EXPIRES OUT PACKAGE...\n"
	      "       vyoma-repo sign-index DIR KEY BODY OUT\n"
	      "       vyoma-repo bundle DIR KEY CERT VERSION NOTES IMAGE OUT\n"
	      "(docs/packages.md, docs/updates.md)\n", stderr);
	return 2;
}
