/*
 * c8asm - an assembler for CHIP-8 programs, in the mnemonics of Cowgod's
 * technical reference: CLS RET SYS JP CALL SE SNE LD ADD OR AND XOR SUB
 * SHR SUBN SHL RND DRW SKP SKNP, and DB for bytes.
 *
 *	c8asm [-o ROM] [SOURCE]
 *
 * SOURCE (or stdin) is read; the ROM (loaded at 0x200) goes to ROM or
 * stdout. A line is "[label:] [MNEMONIC operand, ...] [; comment]";
 * operands are V0-VF, I, [I], DT, ST, K, F, B, numbers (decimal, 0x or
 * $ hex, 0b binary) and labels, which may be used before they are
 * defined. Case does not matter except in labels.
 * Errors: "c8asm: line N: what" on stderr, status 1 and nothing written.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"

#define USAGE								\
	"Usage: c8asm [-o ROM] [SOURCE]\n"				\
	"Assemble CHIP-8 SOURCE (or stdin) into ROM (or stdout), loaded at\n" \
	"0x200. Mnemonics as in Cowgod's reference; labels end in ':'; ';'\n" \
	"starts a comment; DB lists bytes.\n"

#define MAX_ROM 3584
#define MAX_LABELS 512

/* Operand kinds; a pattern in ops[] names them by these letters. */
enum { O_REG = 'x', O_NUM = 'a', O_I = 'I', O_IND = '[', O_DT = 'D',
       O_ST = 'S', O_K = 'K', O_F = 'F', O_B = 'B' };

static const struct op {
	char name[5];
	/* x, y: Vx, Vy; 0: V0; b byte, a address, n nibble; else a kind */
	char pat[4];
	uint16_t code;
} ops[] = {
	{ "CLS", "", 0x00E0 }, { "RET", "", 0x00EE }, { "SYS", "a", 0 },
	{ "JP", "a", 0x1000 }, { "JP", "0a", 0xB000 },
	{ "CALL", "a", 0x2000 },
	{ "SE", "xb", 0x3000 }, { "SE", "xy", 0x5000 },
	{ "SNE", "xb", 0x4000 }, { "SNE", "xy", 0x9000 },
	{ "LD", "xb", 0x6000 }, { "LD", "xy", 0x8000 },
	{ "LD", "Ia", 0xA000 }, { "LD", "xD", 0xF007 },
	{ "LD", "xK", 0xF00A }, { "LD", "Dx", 0xF015 },
	{ "LD", "Sx", 0xF018 }, { "LD", "Fx", 0xF029 },
	{ "LD", "Bx", 0xF033 }, { "LD", "[x", 0xF055 },
	{ "LD", "x[", 0xF065 },
	{ "ADD", "xb", 0x7000 }, { "ADD", "xy", 0x8004 },
	{ "ADD", "Ix", 0xF01E },
	{ "OR", "xy", 0x8001 }, { "AND", "xy", 0x8002 },
	{ "XOR", "xy", 0x8003 }, { "SUB", "xy", 0x8005 },
	{ "SHR", "x", 0x8006 }, { "SHR", "xy", 0x8006 },
	{ "SUBN", "xy", 0x8007 },
	{ "SHL", "x", 0x800E }, { "SHL", "xy", 0x800E },
	{ "RND", "xb", 0xC000 }, { "DRW", "xyn", 0xD000 },
	{ "SKP", "x", 0xE09E }, { "SKNP", "x", 0xE0A1 },
};

static struct label {
	const char *name;
	int len, addr;
} labels[MAX_LABELS];
static int nlabels, pass, lineno;
static uint8_t rom[MAX_ROM];
static int pc;	/* bytes so far */

static void fail(const char *what, const char *s, int n)
{
	char b[21];

	vt_eputs(vt_prog);
	vt_eputs(": line ");
	vt_eputs(vt_utoa((uint64_t)lineno, b));
	vt_eputs(": ");
	vt_eputs(what);
	if (s) {
		vt_eputs(" '");
		vt_put_to(&vt_stderr, s, (size_t)n);
		vt_eputs("'");
	}
	vt_eputs("\n");
	vt_exit(1);
}

static int upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* Does the n bytes at s spell word, in any case? */
static bool is(const char *s, int n, const char *word)
{
	int i = 0;

	for (; i < n && word[i]; i++)
		if (upper(s[i]) != word[i])
			return false;
	return i == n && !word[i];
}

static bool ident(int c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c == '.' || (!first && c >= '0' && c <= '9');
}

/* The operand at s (n bytes, trimmed): its kind; *v its value. */
static int operand(const char *s, int n, int *v)
{
	static const char *const names = "I\0[I]\0DT\0ST\0K\0F\0B";
	static const char kinds[] = "I[DSKFB";
	const char *w = names;
	unsigned base = 10;
	int64_t x = 0;
	int i = 0;

	*v = 0;
	for (int k = 0; k < 7; w += strlen(w) + 1, k++)
		if (is(s, n, w))
			return kinds[k];
	if (n == 2 && upper(*s) == 'V') {
		int c = upper(s[1]);

		*v = c >= '0' && c <= '9' ? c - '0' :
		     c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (*v >= 0)
			return O_REG;
	}
	if (n && ident(*s, true)) {
		for (i = 1; i < n; i++)
			if (!ident(s[i], false))
				fail("bad label", s, n);
		for (i = 0; i < nlabels; i++)
			if (labels[i].len == n &&
			    !memcmp(labels[i].name, s, (size_t)n)) {
				*v = labels[i].addr;
				return O_NUM;
			}
		if (pass)
			fail("undefined label", s, n);
		return O_NUM;
	}
	if (n > 1 && *s == '$')
		base = 16, i = 1;
	else if (n > 2 && *s == '0' && (s[1] | 32) == 'x')
		base = 16, i = 2;
	else if (n > 2 && *s == '0' && (s[1] | 32) == 'b')
		base = 2, i = 2;
	if (i == n)
		fail("missing operand", NULL, 0);
	for (; i < n; i++) {
		int c = upper(s[i]);
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) :
			     99;

		if (d >= base)
			fail("bad operand", s, n);
		x = x * base + d;
		if (x > 0xFFFF)
			fail("number out of range", s, n);
	}
	*v = (int)x;
	return O_NUM;
}

static void emit(int byte)
{
	if (pc == MAX_ROM)
		fail("program too big for memory", NULL, 0);
	rom[pc++] = (uint8_t)byte;
}

/* One statement: mnemonic m (mn bytes) and the operand text s..e. */
static void statement(const char *m, int mn, const char *s, const char *e)
{
	int kinds[4], vals[4], n = 0, known = 0, db = is(m, mn, "DB");

	while (s < e) {
		const char *c = vt_memchr(s, ',', (size_t)(e - s));
		const char *t = c ? c : e;

		while (s < t && *s == ' ')
			s++;
		while (t > s && t[-1] == ' ')
			t--;
		if (n == 4)
			fail("too many operands", NULL, 0);
		kinds[n] = operand(s, (int)(t - s), &vals[n]);
		if (db) {
			/* DB: any number of bytes, emitted as they come. */
			if (kinds[n] != O_NUM || vals[n] > 255)
				fail("DB takes bytes (0-255)", s, (int)(t - s));
			emit(vals[n]);
		} else {
			n++;
		}
		s = c ? c + 1 : e;
		if (c && s == e)
			fail("missing operand", NULL, 0);
	}
	if (db) {
		if (s == m + mn)
			fail("DB needs bytes", NULL, 0);
		return;
	}
	for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		const struct op *o = &ops[k];
		int code = o->code, i, sh = 8;

		if (!is(m, mn, o->name))
			continue;
		known = 1;
		if ((int)strlen(o->pat) != n)
			continue;
		for (i = 0; i < n; i++) {
			char p = o->pat[i];
			int want = p == 'x' || p == 'y' || p == '0' ? O_REG :
				   p == 'b' || p == 'a' || p == 'n' ? O_NUM : p;

			if (kinds[i] != want || (p == '0' && vals[i]))
				break;
			if (p == 'x' || p == 'y') {
				code |= vals[i] << sh;
				sh = 4;
			} else if (p != '0' && want == O_NUM) {
				int max = p == 'b' ? 255 : p == 'a' ? 4095 : 15;

				if (vals[i] > max)
					fail(p == 'b' ? "byte out of range" :
					     p == 'a' ? "address out of range" :
					     "nibble out of range", NULL, 0);
				code |= vals[i];
			}
		}
		if (i < n)
			continue;
		emit(code >> 8);
		emit(code & 255);
		return;
	}
	fail(known ? "bad operands for" : "unknown instruction", m, mn);
}

static void line(const char *s, const char *e)
{
	const char *c = vt_memchr(s, ';', (size_t)(e - s)), *m;

	if (c)
		e = c;
	for (; s < e && (*s == ' ' || *s == '\t' || *s == '\r'); s++)
		;
	for (char *p = (char *)s; p < e; p++)
		if (*p == '\t' || *p == '\r')
			*p = ' ';
	while (e > s && e[-1] == ' ')
		e--;
	m = s;
	while (s < e && ident(*s, s == m))
		s++;
	if (s < e && *s == ':') {
		if (s == m)
			fail("empty label", NULL, 0);
		if (!pass) {
			for (int i = 0; i < nlabels; i++)
				if (labels[i].len == s - m &&
				    !memcmp(labels[i].name, m,
					    (size_t)(s - m)))
					fail("duplicate label", m,
					     (int)(s - m));
			if (nlabels == MAX_LABELS)
				fail("too many labels", NULL, 0);
			labels[nlabels++] = (struct label){ m, (int)(s - m),
							    0x200 + pc };
		}
		for (s++; s < e && *s == ' '; s++)
			;
		m = s;
		while (s < e && ident(*s, false))
			s++;
	}
	if (s == m) {
		while (s < e && *s == ' ')
			s++;
		if (s < e)
			fail("syntax error", s, (int)(e - s));
		return;
	}
	if (s < e && *s != ' ')
		fail("syntax error", m, (int)(e - m));
	statement(m, (int)(s - m), s, e);
}

static int c8asm_main(int argc, char **argv)
{
	const char *out = NULL, *in = NULL;
	size_t len = 0;
	char *buf;
	int c, fd;

	for (c = 1; c < argc; c++) {
		if (!strcmp(argv[c], "-o") && c + 1 < argc)
			out = argv[++c];
		else if (argv[c][0] == '-' && argv[c][1])
			vt_usage_error("invalid option", 1);
		else if (in)
			vt_usage_error("extra operand", 1);
		else
			in = argv[c];
	}
	if (!in)
		in = "-";
	buf = vt_read_input(in, &len);
	if (!buf)
		return 1;
	for (pass = 0; pass < 2; pass++) {
		const char *s = buf, *e;

		pc = lineno = 0;
		for (; s < buf + len; s = e + 1) {
			e = vt_memchr(s, '\n', (size_t)(buf + len - s));
			if (!e)
				e = buf + len;
			lineno++;
			line(s, e);
		}
	}
	if (out && strcmp(out, "-")) {
		int err;

		fd = vt_open(out, VT_WRITE, &err);
		if (fd < 0) {
			vt_warn_errno(out, err);
			return 1;
		}
		if (!vt_write_fd(fd, rom, (size_t)pc)) {
			vt_warn(out, "write error");
			return 1;
		}
		vt_close(fd);
		return 0;
	}
	vt_put(rom, (size_t)pc);
	return 0;
}

VT_TOOL(c8asm_main, USAGE)

#include "vyoma_tiny.h"
