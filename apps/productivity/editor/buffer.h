/*
 * buffer.h - the editor's text: one gap buffer of bytes (an edit moves
 * the gap to it, so typing costs what the cursor moved, not the file's
 * size), the index of where each line starts (rebuilt lazily from the
 * first edited line on), and UTF-8 stepping that treats any byte outside
 * a well-formed sequence as a character of its own.
 */
#ifndef EDITOR_BUFFER_H
#define EDITOR_BUFFER_H

#include <stdlib.h>
#include <string.h>

#include "vyoma_utf8.h"

static struct {
	char *b;
	int cap, gs, ge;	/* bytes, gap [gs, ge) */
	int *ls, nl, lscap;	/* line starts; ls[0..nl) */
	int valid;		/* ls[0..valid) are still right */
	int clean;		/* and all of ls is */
} T;

static int blen(void)
{
	return T.cap - (T.ge - T.gs);
}

static int bat(int i)
{
	return (unsigned char)T.b[i < T.gs ? i : i + T.ge - T.gs];
}

static void gap_to(int pos)
{
	int n;

	if (pos < T.gs) {
		n = T.gs - pos;
		memmove(T.b + T.ge - n, T.b + pos, (size_t)n);
		T.gs -= n;
		T.ge -= n;
	} else if (pos > T.gs) {
		n = pos - T.gs;
		memmove(T.b + T.gs, T.b + T.ge, (size_t)n);
		T.gs += n;
		T.ge += n;
	}
}

/* Bytes [a, b) as one run of memory, valid until the next change. */
static const char *span(int a, int b)
{
	gap_to(b);
	return T.b + a;
}

static int ls_push(int at);

/* Takes over a freshly read buffer: text in [0, len), the rest a gap. */
static void buf_adopt(char *b, int len, int cap)
{
	free(T.b);
	T.b = b;
	T.cap = cap;
	T.gs = len;
	T.ge = cap;
	if (!T.ls)
		ls_push(0);	/* ls[0] is always 0 */
	T.valid = 1;
	T.clean = 0;
}

static int gap_need(int n)
{
	int tail = T.cap - T.ge, cap;
	char *nb;

	if (T.ge - T.gs >= n)
		return 0;
	if (n > (1 << 28) || T.cap > (1 << 28))
		return -1;
	cap = T.cap + n + T.cap / 2 + 4096;
	nb = realloc(T.b, (size_t)cap);
	if (!nb)
		return -1;
	memmove(nb + cap - tail, nb + T.ge, (size_t)tail);
	T.b = nb;
	T.ge = cap - tail;
	T.cap = cap;
	return 0;
}

/* Line starts after pos may have moved: keep only those up to it. */
static void lines_dirty(int pos)
{
	int lo = 1, hi;

	if (T.clean)
		T.valid = T.nl;
	T.clean = 0;
	hi = T.valid;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (T.ls[mid] <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	T.valid = lo;
}

static int ls_push(int at)
{
	if (T.nl == T.lscap) {
		int cap = T.lscap ? T.lscap * 2 : 1024;
		int *n = realloc(T.ls, sizeof(int) * (size_t)cap);

		if (!n)
			return -1;
		T.ls = n;
		T.lscap = cap;
	}
	T.ls[T.nl++] = at;
	return 0;
}

/* Finds the newlines in len bytes at p, which hold text from offset. */
static void lines_scan(const char *p, int len, int offset)
{
	const char *end = p + len, *nl;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		if (ls_push(offset + (int)(nl - p) + 1))
			return;
		offset += (int)(nl - p) + 1;
		p = nl + 1;
	}
}

/* Rescans from the first line an edit may have changed. */
static void lines_fix(void)
{
	int from;

	if (T.clean)
		return;
	T.nl = T.valid;
	from = T.ls[T.valid - 1];
	if (from < T.gs) {
		lines_scan(T.b + from, T.gs - from, from);
		from = T.gs;
	}
	lines_scan(T.b + T.ge + (from - T.gs), T.cap - T.ge - (from - T.gs),
		   from);
	T.clean = 1;
}

static int nlines(void)
{
	lines_fix();
	return T.nl;
}

static int line_start(int l)
{
	lines_fix();
	return T.ls[l];
}

/* Where line l ends: its newline, or the end of the text. */
static int line_end(int l)
{
	lines_fix();
	return l + 1 < T.nl ? T.ls[l + 1] - 1 : blen();
}

static int line_of(int pos)
{
	int lo = 0, hi;

	lines_fix();
	hi = T.nl - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (T.ls[mid] <= pos)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static int buf_insert(int pos, const char *s, int n)
{
	if (gap_need(n))
		return -1;
	gap_to(pos);
	memcpy(T.b + T.gs, s, (size_t)n);
	T.gs += n;
	lines_dirty(pos);
	return 0;
}

static void buf_delete(int pos, int n)
{
	gap_to(pos);
	T.ge += n;
	lines_dirty(pos);
}

/* Length of the well-formed UTF-8 sequence at s, of which avail bytes
 * are there; 1 for a byte that starts none. */
static int u8seq(const unsigned char *s, int avail)
{
	int n = vy_utf8_len(s, (size_t)avail);

	return n ? n : 1;
}

static int u8len(int p)
{
	unsigned char s[4];
	int n = 0;

	while (n < 4 && p + n < blen()) {
		s[n] = (unsigned char)bat(p + n);
		n++;
	}
	return u8seq(s, n);
}

static int next_pos(int p)
{
	return p < blen() ? p + u8len(p) : p;
}

static int prev_pos(int p)
{
	int q = p - 1;

	if (p <= 0)
		return 0;
	while (q > 0 && p - q < 4 && (bat(q) & 0xC0) == 0x80)
		q--;
	return q + u8len(q) == p ? q : p - 1;
}

#define TAB_W 8

/* The column after the character at p, which starts at column c. */
static int col_after(int p, int c)
{
	return bat(p) == '\t' ? (c / TAB_W + 1) * TAB_W : c + 1;
}

/* The column where pos is drawn, counted from its line's start. */
static int col_of(int pos)
{
	int p = line_start(line_of(pos)), c = 0;

	while (p < pos) {
		c = col_after(p, c);
		p = next_pos(p);
	}
	return c;
}

/* The position in line l nearest to column col (not past it). */
static int pos_at_col(int l, int col)
{
	int p = line_start(l), end = line_end(l), c = 0;

	while (p < end) {
		int nc = col_after(p, c);

		if (nc > col)
			break;
		c = nc;
		p = next_pos(p);
	}
	return p;
}

#endif
