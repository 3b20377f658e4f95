/*
 * od - dump files in octal and other formats, as GNU od: -t with the
 * types a c d o u x (sizes 1 2 4 8 or C S I L, and z for the text
 * beside), the old -a -b -c -d -i -l -o -s -x, -A d|o|x|n, -j, -N,
 * -w, -v; the default is -t oS. The files are read as one stream, a
 * line at a time. Integers are little-endian; floats (-t f) are not
 * done.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"

struct spec {
	char fmt;	/* a c d o u x */
	uint8_t size, width;
	bool z;
	int pad;
};

static struct spec spec[32];
static int nspec, radix = 8;
static char **files;
static int nfiles, fd = -1;

/* v in base, at least prec digits, right-aligned in width columns. */
static void put_num(uint64_t v, int base, int prec, int width, bool neg)
{
	char b[24], *p = b + sizeof(b);

	do
		*--p = "0123456789abcdef"[v % (unsigned)base];
	while ((v /= (unsigned)base));
	while (b + sizeof(b) - p < prec)
		*--p = '0';
	if (neg)
		*--p = '-';
	for (int k = (int)(b + sizeof(b) - p); k < width; k++)
		vt_putc(' ');
	vt_put(p, (size_t)(b + sizeof(b) - p));
}

/* Up to n bytes of the files, one after another; fewer at the end. */
static size_t fill(uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		long r;

		if (fd < 0) {
			if (!nfiles)
				break;
			nfiles--;
			fd = vt_open_input(*files++);
			continue;
		}
		r = vt_read(fd, buf + got, n - got);
		if (r < 0)
			vt_warn_errno(files[-1], (int)-r);
		if (r > 0) {
			got += (size_t)r;
		} else {
			vt_close(fd);
			fd = -1;
		}
	}
	return got;
}

/* A number as GNU's xstrtoumax in base 0: 0x.., 0.., with b k m g
 * suffixes. */
static uint64_t number(const char *s)
{
	uint64_t v = 0;
	int base = 10;
	const char *p = s;

	if (*p == '0') {
		base = 8;
		if ((p[1] | 32) == 'x' && p[2]) {
			base = 16;
			p += 2;
		}
	}
	for (;; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' :
			(*p | 32) >= 'a' && (*p | 32) <= 'f' && base == 16 ?
			(*p | 32) - 'a' + 10 : 99;

		if (d >= base)
			break;
		v = v * (unsigned)base + (unsigned)d;
	}
	if (*p == 'b')
		v <<= 9, p++;
	else if (*p == 'k' || *p == 'K')
		v <<= 10, p++;
	else if (*p == 'M')
		v <<= 20, p++;
	else if (*p == 'G')
		v <<= 30, p++;
	if (*p || p == s)
		vm_bad("bad number", s, 1);
	return v;
}

static void add_types(const char *s)
{
	while (*s) {
		struct spec *t = &spec[nspec];
		char c = *s++;
		int k = 2;	/* log2 of the size: int */

		if (nspec == 31 || !strchr("acdoux", c) || !c)
			vm_bad("bad type", s - 1, 1);
		t->fmt = c;
		if (c == 'a' || c == 'c') {
			k = 0;
		} else if (*s && strchr("CSIL", *s)) {
			k = (int)(strchr("CSIL", *s++) - "CSIL");
		} else if (*s >= '1' && *s <= '8') {
			k = *s == '1' ? 0 : *s == '2' ? 1 : *s == '4' ? 2 :
			    *s == '8' ? 3 : 9;
			if (k > 3)
				vm_bad("bad type", s, 1);
			s++;
		}
		t->size = (uint8_t)(1 << k);
		/* the digits of the widest value */
		t->width = c == 'o' ? (uint8_t)((8 << k) + 2) / 3 :
			   c == 'x' ? (uint8_t)(2 << k) :
			   c == 'd' ? (uint8_t)"\4\6\13\24"[k] :
			   c == 'u' ? (uint8_t)"\3\5\12\24"[k] : 3;
		t->z = *s == 'z';
		s += t->z;
		nspec++;
	}
}

static void put_address(uint64_t at)
{
	if (radix)
		put_num(at, radix, radix == 16 ? 6 : 7, 0, false);
}

static void line(const uint8_t *b, size_t n, size_t per, uint64_t at)
{
	static const char names[] =
		"nulsohstxetxeotenqackbel bs ht nl vt ff cr so sidledc1dc2"
		"dc3dc4naksynetbcan emsubesc fs gs rs us sp";

	for (int s = 0; s < nspec; s++) {
		struct spec *t = &spec[s];
		int fields = (int)(per / t->size), blank = (int)((per - n) /
								   t->size);
		int rem = t->pad;

		if (s == 0)
			put_address(at);
		else if (radix)
			for (int k = radix == 16 ? 6 : 7; k; k--)
				vt_putc(' ');
		for (int i = fields; i > blank; i--) {
			const uint8_t *p = b + (size_t)(fields - i) * t->size;
			int next = t->pad * (i - 1) / fields;
			int w = rem - next + t->width;
			uint64_t v = 0;

			rem = next;
			for (int k = t->size; k--;)
				v = v << 8 | p[k];
			if (t->fmt == 'd' && t->size < 8 &&
			    (v >> (8 * t->size - 1)))
				v |= ~(uint64_t)0 << (8 * t->size);
			if (t->fmt == 'a' || t->fmt == 'c') {
				char one[4] = { 0 };
				const char *str = one;
				int c = (int)v;

				if (t->fmt == 'a') {
					c &= 127;
					if (c == 127)
						str = "del";
					else if (c <= 32)
						memcpy(one, names + 3 * c, 3);
					else
						one[0] = (char)c;
				} else if (c && c < 14 && c > 6) {
					one[0] = '\\';
					one[1] = "abtnvfr"[c - 7];
				} else if (!c) {
					str = "\\0";
				} else if (c >= 32 && c < 127) {
					one[0] = (char)c;
				} else {
					for (int k = 3; k--; c >>= 3)
						one[k] = (char)('0' + (c & 7));
				}
				while (*str == ' ')
					str++;
				for (int k = (int)strlen(str); k < w; k++)
					vt_putc(' ');
				vt_puts(str);
				continue;
			}
			if (t->fmt == 'd' && (int64_t)v < 0)
				put_num(-v, 10, 0, w, true);
			else
				put_num(v, t->fmt == 'o' ? 8 : t->fmt == 'x' ?
					16 : 10, t->fmt == 'o' || t->fmt == 'x' ?
					t->width : 0, w, false);
		}
		if (t->z) {
			for (int k = blank * t->width + t->pad * blank / fields;
			     k > 0; k--)
				vt_putc(' ');
			vt_puts("  >");
			for (size_t k = 0; k < n; k++)
				vt_putc(b[k] >= 32 && b[k] < 127 ? (char)b[k] :
					'.');
			vt_putc('<');
		}
		vt_putc('\n');
	}
}

static const char longs[] =
	"address-radix=\0A" "skip-bytes=\0j" "read-bytes=\0N" "format=\0t"
	"output-duplicates\0v" "width?\0w";

static uint64_t skip, limit = UINT64_MAX;
static size_t per = 16;
static bool all;

static void option(int c, char *arg)
{
	static const char olds[] = "abcdilosx", radixes[] = "dox";
	static const char *const types[] = { "a", "o1", "c", "u2", "dI",
		"dL", "o2", "d2", "x2" };
	const char *old = strchr(olds, c);

	if (c == 'A') {
		const char *r = arg[0] && !arg[1] ? strchr(radixes, arg[0]) :
				NULL;

		if (!strcmp(arg, "n"))
			radix = 0;
		else if (r)
			radix = "\12\10\20"[r - radixes];
		else
			vm_bad("bad radix", arg, 1);
	} else if (c == 'j') {
		skip = number(arg);
	} else if (c == 'N') {
		limit = number(arg);
	} else if (c == 't') {
		add_types(arg);
	} else if (c == 'v') {
		all = true;
	} else if (c == 'w') {
		per = arg ? (size_t)number(arg) : 32;
	} else if (old) {
		add_types(types[old - olds]);
	}
}

static int od_main(int argc, char **argv)
{
	uint64_t at;
	size_t n;
	bool dup = false;
	uint8_t *cur, *prev;
	int widest = 0, lcm = 1;

	vt_optind = vm_opts(argc, argv, "A:j:N:t:vw::abcdilosx", longs, 1,
			    option);
	if (!nspec)
		add_types("o2");
	for (int s = 0; s < nspec; s++)
		while (lcm % spec[s].size)
			lcm *= 2;
	if (!per || per % (size_t)lcm || per > 1 << 20) {
		vt_warn("warning: bad width", NULL);
		vt_status = 0;
		per = (size_t)lcm;
	}
	/* line the columns of the types up: GNU's padding */
	for (int s = 0; s < nspec; s++) {
		int w = (spec[s].width + 1) * (int)(per / spec[s].size);

		widest = w > widest ? w : widest;
	}
	for (int s = 0; s < nspec; s++)
		spec[s].pad = widest - spec[s].width *
			      (int)(per / spec[s].size);
	files = argv + vt_optind;
	nfiles = argc - vt_optind;
	if (!nfiles) {
		static char *dash[] = { "-" };

		files = dash;
		nfiles = 1;
	}
	cur = vt_alloc(2 * per + 8);
	prev = cur + per;
	for (at = 0; at < skip; at += n) {
		n = fill(cur, skip - at < per ? (size_t)(skip - at) : per);
		if (!n) {
			vt_warn("cannot skip past the end", NULL);
			vt_exit(1);
		}
	}
	for (;;) {
		uint8_t *t;

		n = fill(cur, limit - (at - skip) < per ?
			 (size_t)(limit - (at - skip)) : per);
		if (!n)
			break;
		if (n == per && at > skip && !all && !memcmp(cur, prev, per)) {
			if (!dup)
				vt_puts("*\n");
			dup = true;
		} else {
			memset(cur + n, 0, per - n);
			line(cur, n, per, at);
			dup = false;
		}
		at += n;
		t = cur;
		cur = prev;
		prev = t;
	}
	if (radix) {
		put_address(at);
		vt_putc('\n');
	}
	return vt_status;
}

VT_TOOL(od_main,
	"Usage: od [-A d|o|x|n] [-j BYTES] [-N BYTES] [-t TYPE]... [-v] "
	"[-w[BYTES]]\n"
	"          [-abcdilosx] [FILE]...\n"
	"Dump files in octal and other formats; TYPE: a c d o u x, with a "
	"size\n1 2 4 8 C S I L and z for the text beside.\n")
