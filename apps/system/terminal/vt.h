/*
 * vt.h - the VT100/ANSI parser: a byte stream from the program in the
 * terminal, turned into edits of the screen model (screen.h). A state
 * machine in the shape of DEC's VT500 parser (ground, escape, CSI
 * parameters, strings that are skipped), fed any number of bytes at a
 * time: a sequence or a UTF-8 character split across two reads is
 * finished by the second. Any byte sequence is safe: parameters
 * saturate, extra parameters are dropped, unknown sequences are
 * skipped whole, and malformed UTF-8 becomes U+FFFD.
 *
 * Answers the program asked for (cursor position, device attributes)
 * are queued in `reply` for the caller to send back.
 */
#ifndef TERMINAL_VT_H
#define TERMINAL_VT_H

#include "screen.h"

#define VT_MAX_PARAMS 16
#define VT_PARAM_MAX 65535
#define VT_REPLY_MAX 512

enum vt_state {
	VT_GROUND,
	VT_ESC,		/* after ESC */
	VT_ESC_INTER,	/* ESC, intermediates (ESC ( B): skip the final */
	VT_CSI,		/* ESC [ and its parameters */
	VT_CSI_IGNORE,	/* a malformed CSI: skip to its final byte */
	VT_STRING,	/* OSC, DCS, SOS, PM, APC: skip to BEL or ST */
	VT_STRING_ESC,	/* ESC inside a string: ST if '\' follows */
};

struct vt {
	struct screen *s;
	enum vt_state state;
	uint32_t cp, cp_min;	/* UTF-8 character being decoded */
	int cp_need;		/* continuation bytes still to come */
	int params[VT_MAX_PARAMS];
	int nparams;		/* index of the parameter being read */
	int started;		/* a digit or separator has been seen */
	char priv;		/* '?', '>', '<', '=' before the parameters */
	char inter;		/* an intermediate byte (0x20-0x2F) */
	char reply[VT_REPLY_MAX];
	size_t reply_len;
};

static inline void vt_init(struct vt *v, struct screen *s)
{
	memset(v, 0, sizeof(*v));
	v->s = s;
}

/* Queues an answer; one that does not fit is dropped, as a full tty
 * input queue would. */
static inline void vt_reply(struct vt *v, const char *text, size_t n)
{
	if (v->reply_len + n <= sizeof(v->reply)) {
		memcpy(v->reply + v->reply_len, text, n);
		v->reply_len += n;
	}
}

static inline size_t vt_put_num(char *p, unsigned n)
{
	char tmp[10];
	size_t len = 0, i;

	do {
		tmp[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	for (i = 0; i < len; i++)
		p[i] = tmp[len - 1 - i];
	return len;
}

/* Parameter i, or def when it is absent or 0 (as VT100 counts are). */
static inline int vt_arg(const struct vt *v, int i, int def)
{
	return i <= v->nparams && v->params[i] ? v->params[i] : def;
}

/* The nearest of the 16 colours to an RGB value. */
static inline int vt_nearest(int r, int g, int b)
{
	int best = 0;
	long best_d = -1;

	for (int i = 0; i < 16; i++) {
		long dr = r - (int)(term_rgb[i] >> 16);
		long dg = g - (int)(term_rgb[i] >> 8 & 0xFF);
		long db = b - (int)(term_rgb[i] & 0xFF);
		long d = dr * dr + dg * dg + db * db;

		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

/* One of xterm's 256 colours, as the nearest of our 16. */
static inline int vt_colour256(int n)
{
	static const uint8_t level[6] = { 0, 95, 135, 175, 215, 255 };

	if (n < 16)
		return n;
	if (n < 232) {
		n -= 16;
		return vt_nearest(level[n / 36], level[n / 6 % 6],
				  level[n % 6]);
	}
	n = 8 + (n - 232) * 10;
	return vt_nearest(n, n, n);
}

/*
 * SGR 38/48 extended colours at parameter i: "5;n" or "2;r;g;b".
 * Returns the colour (or -1) and moves i past what it used.
 */
static inline int vt_extended_colour(const struct vt *v, int *i)
{
	const int *p = v->params;
	int n = v->nparams, at = *i;

	if (at + 2 <= n && p[at + 1] == 5) {
		*i = at + 2;
		return p[at + 2] < 256 ? vt_colour256(p[at + 2]) : -1;
	}
	if (at + 4 <= n && p[at + 1] == 2) {
		*i = at + 4;
		if (p[at + 2] > 255 || p[at + 3] > 255 || p[at + 4] > 255)
			return -1;
		return vt_nearest(p[at + 2], p[at + 3], p[at + 4]);
	}
	*i = n;		/* malformed: the rest cannot be trusted */
	return -1;
}

static inline void vt_sgr(struct vt *v)
{
	struct pen *pen = &v->s->pen;

	for (int i = 0; i <= v->nparams; i++) {
		int p = v->params[i], c;

		if (p == 0)
			scr_reset_pen(v->s);
		else if (p == 1)
			pen->bold = 1;
		else if (p == 22)
			pen->bold = 0;
		else if (p == 7)
			pen->reverse = 1;
		else if (p == 27)
			pen->reverse = 0;
		else if (p >= 30 && p <= 37)
			pen->fg = p - 30;
		else if (p >= 90 && p <= 97)
			pen->fg = p - 90 + 8;
		else if (p >= 40 && p <= 47)
			pen->bg = p - 40;
		else if (p >= 100 && p <= 107)
			pen->bg = p - 100 + 8;
		else if (p == 39)
			pen->fg = COL_FG;
		else if (p == 49)
			pen->bg = COL_BG;
		else if (p == 38 || p == 48) {
			c = vt_extended_colour(v, &i);
			if (c >= 0 && p == 38)
				pen->fg = c;
			else if (c >= 0)
				pen->bg = c;
		}
		/* Anything else (italic, underline, blink...) is not drawn. */
	}
}

/* ---- CSI commands, one function per final byte ---------------------- */

/* Vertical moves stop at the region's edge when they start inside it. */
static inline void vt_move_y(struct vt *v, int dy)
{
	struct screen *s = v->s;
	int y = s->pen.y + dy;
	int lo = s->pen.y >= s->top ? s->top : 0;
	int hi = s->pen.y <= s->bot ? s->bot : s->rows - 1;

	scr_goto(s, s->pen.x, scr_clamp(y, lo, hi));
}

static inline void csi_cuu(struct vt *v) { vt_move_y(v, -vt_arg(v, 0, 1)); }
static inline void csi_cud(struct vt *v) { vt_move_y(v, vt_arg(v, 0, 1)); }

static inline void csi_cuf(struct vt *v)
{
	scr_goto(v->s, v->s->pen.x + vt_arg(v, 0, 1), v->s->pen.y);
}

static inline void csi_cub(struct vt *v)
{
	scr_goto(v->s, v->s->pen.x - vt_arg(v, 0, 1), v->s->pen.y);
}

static inline void csi_cnl(struct vt *v)
{
	csi_cud(v);
	scr_goto(v->s, 0, v->s->pen.y);
}

static inline void csi_cpl(struct vt *v)
{
	csi_cuu(v);
	scr_goto(v->s, 0, v->s->pen.y);
}

static inline void csi_cha(struct vt *v)
{
	scr_goto(v->s, vt_arg(v, 0, 1) - 1, v->s->pen.y);
}

static inline void csi_vpa(struct vt *v)
{
	scr_goto(v->s, v->s->pen.x, vt_arg(v, 0, 1) - 1);
}

static inline void csi_cup(struct vt *v)
{
	scr_goto(v->s, vt_arg(v, 1, 1) - 1, vt_arg(v, 0, 1) - 1);
}

static inline void csi_ed(struct vt *v)
{
	scr_erase_display(v->s, v->params[0]);
}

static inline void csi_el(struct vt *v)
{
	scr_erase_line(v->s, v->params[0]);
}

static inline void csi_il(struct vt *v)
{
	scr_shift_lines(v->s, vt_arg(v, 0, 1));
}

static inline void csi_dl(struct vt *v)
{
	scr_shift_lines(v->s, -vt_arg(v, 0, 1));
}

static inline void csi_ich(struct vt *v)
{
	scr_shift_chars(v->s, vt_arg(v, 0, 1));
}

static inline void csi_dch(struct vt *v)
{
	scr_shift_chars(v->s, -vt_arg(v, 0, 1));
}

static inline void csi_ech(struct vt *v)
{
	scr_erase_chars(v->s, vt_arg(v, 0, 1));
}

static inline void csi_scosc(struct vt *v)
{
	scr_save_cursor(v->s);
}

static inline void csi_scorc(struct vt *v)
{
	scr_restore_cursor(v->s);
}

static inline void csi_su(struct vt *v)
{
	scr_scroll_up(v->s, v->s->top, v->s->bot, vt_arg(v, 0, 1));
}

static inline void csi_sd(struct vt *v)
{
	if (v->nparams == 0)	/* more is xterm's mouse highlighting */
		scr_scroll_down(v->s, v->s->top, v->s->bot, vt_arg(v, 0, 1));
}

static inline void csi_decstbm(struct vt *v)
{
	scr_set_region(v->s, v->params[0], v->nparams ? v->params[1] : 0);
}

/* DSR: 5 status ("OK"), 6 the cursor's position, 1-based. */
static inline void csi_dsr(struct vt *v)
{
	char buf[32];
	size_t n = 2;

	if (v->params[0] == 5) {
		vt_reply(v, "\033[0n", 4);
	} else if (v->params[0] == 6) {
		buf[0] = '\033';
		buf[1] = '[';
		n += vt_put_num(buf + n, (unsigned)v->s->pen.y + 1);
		buf[n++] = ';';
		n += vt_put_num(buf + n, (unsigned)v->s->pen.x + 1);
		buf[n++] = 'R';
		vt_reply(v, buf, n);
	}
}

/* DA: a VT100 with advanced video. */
static inline void csi_da(struct vt *v)
{
	if (v->params[0] == 0)
		vt_reply(v, "\033[?1;2c", 7);
}

/* DEC private modes: 7 autowrap, 25 cursor shown. */
static inline void vt_mode(struct vt *v, int on)
{
	if (v->priv != '?')
		return;
	for (int i = 0; i <= v->nparams; i++) {
		if (v->params[i] == 7)
			v->s->autowrap = on;
		else if (v->params[i] == 25) {
			v->s->cursor_on = on;
			scr_touch(v->s, v->s->pen.y);
		}
	}
}

static inline void csi_sm(struct vt *v) { vt_mode(v, 1); }
static inline void csi_rm(struct vt *v) { vt_mode(v, 0); }

typedef void (*vt_handler)(struct vt *);

/* By final byte (0x40-0x7F); finals not listed are ignored. */
static const vt_handler csi_table[64] = {
	['@' - 0x40] = csi_ich, ['A' - 0x40] = csi_cuu,
	['B' - 0x40] = csi_cud, ['C' - 0x40] = csi_cuf,
	['D' - 0x40] = csi_cub, ['E' - 0x40] = csi_cnl,
	['F' - 0x40] = csi_cpl, ['G' - 0x40] = csi_cha,
	['H' - 0x40] = csi_cup, ['J' - 0x40] = csi_ed,
	['K' - 0x40] = csi_el, ['L' - 0x40] = csi_il,
	['M' - 0x40] = csi_dl, ['P' - 0x40] = csi_dch,
	['S' - 0x40] = csi_su, ['T' - 0x40] = csi_sd,
	['X' - 0x40] = csi_ech, ['`' - 0x40] = csi_cha,
	['a' - 0x40] = csi_cuf, ['c' - 0x40] = csi_da,
	['d' - 0x40] = csi_vpa, ['e' - 0x40] = csi_cud,
	['f' - 0x40] = csi_cup, ['h' - 0x40] = csi_sm,
	['l' - 0x40] = csi_rm, ['m' - 0x40] = vt_sgr,
	['n' - 0x40] = csi_dsr, ['r' - 0x40] = csi_decstbm,
	['s' - 0x40] = csi_scosc, ['u' - 0x40] = csi_scorc,
};

static inline void vt_csi_dispatch(struct vt *v, uint8_t final)
{
	vt_handler h = csi_table[final - 0x40];

	/* A private marker only means something to the mode commands. */
	if (!h || v->inter || (v->priv && final != 'h' && final != 'l'))
		return;
	h(v);
}

/* ---- the state machine ------------------------------------------------ */

static inline void vt_print(struct vt *v, uint32_t cp)
{
	if (cp == 0x7F)
		return;
	if (cp >= 0x80 && cp < 0xA0)	/* C1 controls are not text */
		cp = 0xFFFD;
	scr_put(v->s, cp);
}

/* C0 controls act wherever they appear, even inside a sequence. */
static inline void vt_control(struct vt *v, uint8_t b)
{
	struct screen *s = v->s;

	switch (b) {
	case '\b':
		scr_goto(s, s->pen.x - 1, s->pen.y);
		break;
	case '\t':
		scr_goto(s, (s->pen.x / 8 + 1) * 8, s->pen.y);
		break;
	case '\n':
	case '\v':
	case '\f':
		/* As a tty with ONLCR delivers it: a new line. */
		scr_goto(s, 0, s->pen.y);
		scr_index(s);
		break;
	case '\r':
		scr_goto(s, 0, s->pen.y);
		break;
	case 0x18:	/* CAN and SUB cancel a sequence */
	case 0x1A:
		v->state = VT_GROUND;
		break;
	case 0x1B:
		v->state = VT_ESC;
		v->inter = 0;
		break;
	default:	/* BEL, SO, SI and the rest: nothing to show */
		break;
	}
}

static inline void vt_esc_dispatch(struct vt *v, uint8_t b)
{
	struct screen *s = v->s;

	v->state = VT_GROUND;
	switch (b) {
	case '[':
		memset(v->params, 0, sizeof(v->params));
		v->nparams = v->started = 0;
		v->priv = v->inter = 0;
		v->state = VT_CSI;
		break;
	case ']': case 'P': case 'X': case '^': case '_':
		v->state = VT_STRING;
		break;
	case '7':
		scr_save_cursor(s);
		break;
	case '8':
		scr_restore_cursor(s);
		break;
	case 'D':
		scr_index(s);
		break;
	case 'E':
		scr_goto(s, 0, s->pen.y);
		scr_index(s);
		break;
	case 'M':
		scr_reverse_index(s);
		break;
	case 'c':
		scr_reset(s);
		break;
	default:	/* ESC = and ESC > (keypad modes), HTS...: ignored */
		break;
	}
}

static inline void vt_csi_byte(struct vt *v, uint8_t b)
{
	if (b >= '0' && b <= '9') {
		int *p = &v->params[v->nparams];

		*p = *p * 10 + (b - '0');
		if (*p > VT_PARAM_MAX)
			*p = VT_PARAM_MAX;
		v->started = 1;
		if (v->inter)
			v->state = VT_CSI_IGNORE;
	} else if (b == ';' || b == ':') {
		/* Parameters past the last slot are dropped. */
		if (v->nparams < VT_MAX_PARAMS - 1)
			v->params[++v->nparams] = 0;
		v->started = 1;
		if (v->inter)
			v->state = VT_CSI_IGNORE;
	} else if (b >= 0x3C && b <= 0x3F) {
		if (v->started || v->priv || v->inter)
			v->state = VT_CSI_IGNORE;
		else
			v->priv = (char)b;
	} else if (b >= 0x20 && b <= 0x2F) {
		v->inter = (char)b;
	} else if (b >= 0x40 && b <= 0x7E) {
		v->state = VT_GROUND;
		vt_csi_dispatch(v, b);
	}
	/* DEL and bytes >= 0x80 inside a sequence are ignored. */
}

/* Ground state, bytes >= 0x80: UTF-8, one character at a time. */
static inline void vt_utf8(struct vt *v, uint8_t b)
{
	if (v->cp_need) {
		if ((b & 0xC0) == 0x80) {
			v->cp = v->cp << 6 | (b & 0x3F);
			if (--v->cp_need)
				return;
			if (v->cp < v->cp_min || v->cp > 0x10FFFF ||
			    (v->cp >= 0xD800 && v->cp <= 0xDFFF))
				v->cp = 0xFFFD;
			vt_print(v, v->cp);
			return;
		}
		v->cp_need = 0;	/* cut short: the byte starts anew */
		vt_print(v, 0xFFFD);
	}
	if (b >= 0xC2 && b <= 0xDF) {
		v->cp = b & 0x1F;
		v->cp_need = 1;
		v->cp_min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		v->cp = b & 0x0F;
		v->cp_need = 2;
		v->cp_min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		v->cp = b & 0x07;
		v->cp_need = 3;
		v->cp_min = 0x10000;
	} else if (b >= 0x80) {
		vt_print(v, 0xFFFD);
	}
}

static inline void vt_byte(struct vt *v, uint8_t b)
{
	if (v->cp_need && (b & 0xC0) != 0x80) {
		/* A character cut short by anything else. */
		v->cp_need = 0;
		vt_print(v, 0xFFFD);
	}
	switch (v->state) {
	case VT_GROUND:
		if (b >= 0x80 || v->cp_need)
			vt_utf8(v, b);
		else if (b < 0x20)
			vt_control(v, b);
		else
			vt_print(v, b);
		return;
	case VT_STRING:
		if (b == 0x07 || b == 0x18 || b == 0x1A)
			v->state = VT_GROUND;
		else if (b == 0x1B)
			v->state = VT_STRING_ESC;
		return;
	case VT_STRING_ESC:
		if (b == '\\') {
			v->state = VT_GROUND;
			return;
		}
		v->state = VT_ESC;	/* not ST: a new sequence starts */
		v->inter = 0;
		break;
	default:
		break;
	}
	if (b < 0x20) {
		vt_control(v, b);
		return;
	}
	switch (v->state) {
	case VT_ESC:
		if (b >= 0x20 && b <= 0x2F) {
			v->inter = (char)b;
			v->state = VT_ESC_INTER;
		} else if (b != 0x7F) {
			vt_esc_dispatch(v, b);
		}
		break;
	case VT_ESC_INTER:	/* ESC ( B, ESC # 8...: skipped */
		if (b >= 0x30 && b <= 0x7E)
			v->state = VT_GROUND;
		break;
	case VT_CSI:
		vt_csi_byte(v, b);
		break;
	case VT_CSI_IGNORE:
		if (b >= 0x40 && b <= 0x7E)
			v->state = VT_GROUND;
		break;
	default:
		break;
	}
}

/* Feeds n bytes of the program's output; output shows the live screen. */
static inline void vt_feed(struct vt *v, const uint8_t *p, size_t n)
{
	if (n)
		scr_to_bottom(v->s);
	while (n--)
		vt_byte(v, *p++);
}

#endif
