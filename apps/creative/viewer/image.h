/*
 * image.h - the image viewer's decoders: BMP (24/32-bit uncompressed),
 * PPM/PGM (P6/P5, maxval 255) and PNG (8-bit grey, grey+alpha, RGB,
 * RGBA; not interlaced), each to 8-bit RGB. Plain C with no libc beyond
 * string.h, so the fuzz target (tests/fuzz/fuzz_image.c) links it
 * natively.
 *
 * The file is hostile: every size and offset in it is checked before
 * use, with 64-bit arithmetic where products could wrap, no read ever
 * goes past its end and no write past the buffer asked for. The includer
 * defines image_buffer(n), which returns n writable bytes (or 0); one
 * call per image. Failures return a short reason, shown to the person.
 *
 * Not checked, because nothing depends on them for safety: PNG chunk
 * CRCs and the zlib Adler-32.
 */
#ifndef VIEWER_IMAGE_H
#define VIEWER_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define IMAGE_MAX 4096		/* pixels a side */

struct image {
	uint32_t w, h;
	uint8_t *rgb;		/* w * h * 3 bytes */
};

static uint8_t *image_buffer(size_t n);

static uint32_t rd32le(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t rd32be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static const char *image_size_ok(uint32_t w, uint32_t h)
{
	if (!w || !h)
		return "empty image";
	if (w > IMAGE_MAX || h > IMAGE_MAX)
		return "larger than 4096x4096";
	return 0;
}

/* ---- BMP ---------------------------------------------------------------- */

static const char *bmp_decode(const uint8_t *f, size_t len, struct image *im)
{
	uint32_t off, hdr, bpp, comp, x, y, w;
	int32_t sh;
	uint64_t stride, h;
	const char *e;

	if (len < 54)
		return "truncated BMP header";
	off = rd32le(f + 10);
	hdr = rd32le(f + 14);
	w = rd32le(f + 18);
	sh = (int32_t)rd32le(f + 22);
	bpp = f[28] | f[29] << 8;
	comp = rd32le(f + 30);
	if (hdr < 40)
		return "unsupported BMP header";
	if (bpp != 24 && bpp != 32)
		return "unsupported BMP depth";
	/* BI_BITFIELDS is fine if the masks are the usual ones. */
	if (comp == 3 && bpp == 32 && len >= 66 &&
	    rd32le(f + 54) == 0xFF0000 && rd32le(f + 58) == 0xFF00 &&
	    rd32le(f + 62) == 0xFF)
		comp = 0;
	if (comp)
		return "unsupported BMP compression";
	h = sh < 0 ? (uint64_t)-(int64_t)sh : (uint64_t)sh;
	if ((int32_t)w < 0 || h > IMAGE_MAX)
		return "bad BMP size";
	e = image_size_ok(w, (uint32_t)h);
	if (e)
		return e;
	stride = ((uint64_t)w * (bpp / 8) + 3) & ~(uint64_t)3;
	if (off > len || stride * h > len - off)
		return "truncated BMP pixel data";
	im->w = w;
	im->h = (uint32_t)h;
	im->rgb = image_buffer((size_t)w * h * 3);
	if (!im->rgb)
		return "out of memory";
	for (y = 0; y < h; y++) {
		/* Rows are stored bottom-up unless the height is negative. */
		const uint8_t *s = f + off + stride * (sh < 0 ? y : h - 1 - y);
		uint8_t *d = im->rgb + (size_t)y * w * 3;

		for (x = 0; x < w; x++, s += bpp / 8, d += 3) {
			d[0] = s[2];
			d[1] = s[1];
			d[2] = s[0];
		}
	}
	return 0;
}

/* ---- PPM / PGM ----------------------------------------------------------- */

/* Skips whitespace and comments, then reads a decimal number (< 2^20). */
static const char *pnm_number(const uint8_t **p, const uint8_t *end,
			      uint32_t *out)
{
	uint32_t v = 0;
	int digits = 0;

	while (*p < end && (**p == ' ' || **p == '\t' || **p == '\n' ||
			    **p == '\r' || **p == '#')) {
		if (**p == '#')
			while (*p < end && **p != '\n')
				(*p)++;
		else
			(*p)++;
	}
	while (*p < end && **p >= '0' && **p <= '9' && v < 1u << 20) {
		v = v * 10 + (uint32_t)(*(*p)++ - '0');
		digits++;
	}
	if (!digits || v >= 1u << 20)
		return "bad PPM header";
	*out = v;
	return 0;
}

static const char *pnm_decode(const uint8_t *f, size_t len, struct image *im)
{
	const uint8_t *p = f + 2, *end = f + len;
	uint32_t w, h, max, ch = f[1] == '6' ? 3 : 1;
	uint64_t n, i;
	const char *e;

	if ((e = pnm_number(&p, end, &w)) || (e = pnm_number(&p, end, &h)) ||
	    (e = pnm_number(&p, end, &max)))
		return e;
	if (max != 255)
		return "only maxval 255 is supported";
	if ((e = image_size_ok(w, h)))
		return e;
	/* One whitespace byte, then the samples. */
	if (p >= end)
		return "truncated PPM pixel data";
	p++;
	n = (uint64_t)w * h;
	if ((uint64_t)(end - p) < n * ch)
		return "truncated PPM pixel data";
	im->w = w;
	im->h = h;
	im->rgb = image_buffer((size_t)n * 3);
	if (!im->rgb)
		return "out of memory";
	for (i = 0; i < n; i++, p += ch) {
		im->rgb[i * 3] = p[0];
		im->rgb[i * 3 + 1] = p[ch == 3 ? 1 : 0];
		im->rgb[i * 3 + 2] = p[ch == 3 ? 2 : 0];
	}
	return 0;
}

/* ---- inflate (RFC 1951) ------------------------------------------------ */

struct huff {
	uint16_t count[16];	/* codes of each length */
	uint16_t symbol[288];	/* symbols in canonical order */
};

struct inflate {
	const uint8_t *in;
	size_t in_len, in_pos;
	uint32_t bitbuf, bitcnt;
	uint8_t *out;
	size_t out_len, out_pos;
	int bad;		/* read past the end of the input */
	uint8_t len_bits[30], dist_bits[30];
	uint16_t len_base[30], dist_base[30];
	struct huff lit, dist;
};

static uint32_t bits(struct inflate *s, int need)
{
	uint32_t v;

	while (s->bitcnt < (uint32_t)need) {
		if (s->in_pos >= s->in_len) {
			s->bad = 1;
			return 0;
		}
		s->bitbuf |= (uint32_t)s->in[s->in_pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	v = s->bitbuf & ((1u << need) - 1);
	s->bitbuf >>= need;
	s->bitcnt -= (uint32_t)need;
	return v;
}

/* Canonical codes from lengths; -1 if over-subscribed. */
static int huff_build(struct huff *h, const uint8_t *lens, int n)
{
	uint16_t offs[16];
	int i, left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (i = 0; i < n; i++)
		h->count[lens[i]]++;
	h->count[0] = 0;
	for (i = 1; i < 16; i++) {
		left = left * 2 - h->count[i];
		if (left < 0)
			return -1;
	}
	offs[1] = 0;
	for (i = 1; i < 15; i++)
		offs[i + 1] = (uint16_t)(offs[i] + h->count[i]);
	for (i = 0; i < n; i++)
		if (lens[i])
			h->symbol[offs[lens[i]]++] = (uint16_t)i;
	return 0;
}

/* One symbol, or -1 for a code the table does not have. */
static int huff_decode(struct inflate *s, const struct huff *h)
{
	int code = 0, first = 0, index = 0, len;

	for (len = 1; len < 16; len++) {
		code |= (int)bits(s, 1);
		if (code - h->count[len] < first)
			return h->symbol[index + (code - first)];
		index += h->count[len];
		first = (first + h->count[len]) << 1;
		code <<= 1;
	}
	return -1;
}

static const char *inflate_codes(struct inflate *s)
{
	for (;;) {
		int sym = huff_decode(s, &s->lit);
		uint32_t len, dist;

		if (s->bad || sym < 0 || sym > 285)
			return "bad compressed data";
		if (sym == 256)
			return 0;
		if (sym < 256) {
			if (s->out_pos >= s->out_len)
				return "too much image data";
			s->out[s->out_pos++] = (uint8_t)sym;
			continue;
		}
		sym -= 257;
		len = s->len_base[sym] + bits(s, s->len_bits[sym]);
		sym = huff_decode(s, &s->dist);
		if (s->bad || sym < 0 || sym > 29)
			return "bad compressed data";
		dist = s->dist_base[sym] + bits(s, s->dist_bits[sym]);
		if (s->bad || dist > s->out_pos)
			return "bad compressed data";
		if (len > s->out_len - s->out_pos)
			return "too much image data";
		for (; len; len--, s->out_pos++)
			s->out[s->out_pos] = s->out[s->out_pos - dist];
	}
}

static const char *inflate_dynamic(struct inflate *s)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
					   11, 4, 12, 3, 13, 2, 14, 1, 15 };
	uint8_t lens[320];
	uint32_t nlen = bits(s, 5) + 257, ndist = bits(s, 5) + 1;
	uint32_t ncode = bits(s, 4) + 4, i;

	if (s->bad || nlen > 286 || ndist > 30)
		return "bad compressed data";
	memset(lens, 0, sizeof(lens));
	for (i = 0; i < ncode; i++)
		lens[order[i]] = (uint8_t)bits(s, 3);
	if (huff_build(&s->lit, lens, 19))
		return "bad compressed data";
	for (i = 0; i < nlen + ndist;) {
		int sym = huff_decode(s, &s->lit);
		uint32_t rep, v = 0;

		if (s->bad || sym < 0)
			return "bad compressed data";
		if (sym < 16) {
			lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return "bad compressed data";
			v = lens[i - 1];
			rep = 3 + bits(s, 2);
		} else {
			rep = sym == 17 ? 3 + bits(s, 3) : 11 + bits(s, 7);
		}
		if (rep > nlen + ndist - i)
			return "bad compressed data";
		while (rep--)
			lens[i++] = (uint8_t)v;
	}
	if (!lens[256] || huff_build(&s->lit, lens, (int)nlen) ||
	    huff_build(&s->dist, lens + nlen, (int)ndist))
		return "bad compressed data";
	return inflate_codes(s);
}

static void inflate_fixed_tables(struct inflate *s)
{
	uint8_t lens[288];
	int i;

	for (i = 0; i < 288; i++)
		lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	huff_build(&s->lit, lens, 288);
	memset(lens, 5, 30);
	huff_build(&s->dist, lens, 30);
}

/* Extra bits and base values of the length and distance codes. */
static void inflate_base(uint8_t *b, uint16_t *base, int delta, int first)
{
	int i, sum = first;

	for (i = 0; i < 30; i++) {
		b[i] = (uint8_t)(i < delta ? 0 : (i - delta) / delta);
		base[i] = (uint16_t)sum;
		sum += 1 << b[i];
	}
}

/* A zlib stream (RFC 1950) into out, which it must fill exactly. */
static const char *zlib_inflate(struct inflate *s)
{
	uint32_t last = 0;
	const char *e = 0;

	inflate_base(s->len_bits, s->len_base, 4, 3);
	s->len_bits[28] = 0;
	s->len_base[28] = 258;
	inflate_base(s->dist_bits, s->dist_base, 2, 1);
	if (s->in_len < 2 || (s->in[0] & 0x8F) != 8 || s->in[1] & 0x20 ||
	    (s->in[0] << 8 | s->in[1]) % 31)
		return "bad zlib header";
	s->in_pos = 2;
	while (!last && !e) {
		uint32_t type;

		last = bits(s, 1);
		type = bits(s, 2);
		if (type == 0) {
			uint32_t n;

			s->bitbuf = s->bitcnt = 0;	/* to a byte boundary */
			if (s->in_len - s->in_pos < 4)
				return "truncated compressed data";
			n = s->in[s->in_pos] | s->in[s->in_pos + 1] << 8;
			if ((n ^ 0xFFFF) != (uint32_t)(s->in[s->in_pos + 2] |
						     s->in[s->in_pos + 3] << 8))
				return "bad compressed data";
			s->in_pos += 4;
			if (n > s->in_len - s->in_pos)
				return "truncated compressed data";
			if (n > s->out_len - s->out_pos)
				return "too much image data";
			memcpy(s->out + s->out_pos, s->in + s->in_pos, n);
			s->in_pos += n;
			s->out_pos += n;
		} else if (type == 1) {
			inflate_fixed_tables(s);
			e = inflate_codes(s);
		} else if (type == 2) {
			e = inflate_dynamic(s);
		} else {
			e = "bad compressed data";
		}
		if (s->bad)
			e = "truncated compressed data";
	}
	if (!e && s->out_pos != s->out_len)
		e = "truncated image data";
	return e;
}

/* ---- PNG --------------------------------------------------------------- */

static uint8_t paeth(int a, int b, int c)
{
	int p = a + b - c, pa = p > a ? p - a : a - p;
	int pb = p > b ? p - b : b - p, pc = p > c ? p - c : c - p;

	return (uint8_t)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/* Undoes the row filters in place; rows are 1 + w * ch bytes. */
static const char *png_unfilter(uint8_t *buf, uint32_t w, uint32_t h,
				uint32_t ch)
{
	size_t stride = 1 + (size_t)w * ch, x, y;

	for (y = 0; y < h; y++) {
		uint8_t *row = buf + y * stride + 1;
		const uint8_t *up = y ? row - stride : 0;
		uint8_t type = row[-1];

		if (type > 4)
			return "bad PNG filter";
		for (x = 0; x < stride - 1; x++) {
			int a = x >= ch ? row[x - ch] : 0, b = up ? up[x] : 0;
			int c = up && x >= ch ? up[x - ch] : 0;

			row[x] += type == 1 ? a : type == 2 ? b :
				  type == 3 ? (a + b) / 2 :
				  type == 4 ? paeth(a, b, c) : 0;
		}
	}
	return 0;
}

/*
 * Raw rows (1 + w * ch bytes each) to RGB in the same buffer, blended
 * over bg where there is alpha. RGB and RGBA shrink, so they go forwards;
 * grey grows, so it goes backwards: either way no pixel is written over
 * one not yet read (the buffer holds max(raw, w * h * 3) bytes).
 */
static void png_to_rgb(uint8_t *buf, uint32_t w, uint32_t h, uint32_t ch,
		       uint32_t bg)
{
	size_t stride = 1 + (size_t)w * ch, n = (size_t)w * h, k;

	for (k = 0; k < n; k++) {
		size_t p = ch < 3 ? n - 1 - k : k;
		const uint8_t *s = buf + p / w * stride + 1 + p % w * ch;
		uint32_t a = ch == 2 || ch == 4 ? s[ch - 1] : 255, i;
		uint8_t v[3];

		for (i = 0; i < 3; i++) {
			uint32_t c = s[ch < 3 ? 0 : i];
			uint32_t b = bg >> (24 - 8 * i) & 0xFF;

			v[i] = (uint8_t)((c * a + b * (255 - a) + 127) / 255);
		}
		memcpy(buf + p * 3, v, 3);
	}
}

static const char *png_decode(uint8_t *f, size_t len, struct image *im,
			      uint32_t bg)
{
	static const uint8_t channels[7] = { 1, 0, 3, 0, 2, 0, 4 };
	static struct inflate st;
	struct inflate *s = &st;
	size_t pos = 8, idat = 0;
	uint32_t w = 0, h = 0, ch = 0;
	uint64_t raw;
	const char *e;

	memset(s, 0, sizeof(*s));
	while (1) {
		uint32_t n, type;
		const uint8_t *d;

		if (len - pos < 12)
			return "truncated PNG";
		n = rd32be(f + pos);
		type = rd32be(f + pos + 4);
		d = f + pos + 8;
		if (n > len - pos - 12)
			return "truncated PNG";
		if (pos == 8 && (type != 0x49484452 || n < 13))
			return "bad PNG header";
		if (type == 0x49484452 && pos == 8) {		/* IHDR */
			w = rd32be(d);
			h = rd32be(d + 4);
			ch = d[9] < 7 ? channels[d[9]] : 0;
			if (d[8] != 8 || !ch)
				return "unsupported PNG type";
			if (d[10] || d[11] || d[12])
				return "interlaced PNG";
			if ((e = image_size_ok(w, h)))
				return e;
		} else if (type == 0x49444154) {		/* IDAT */
			/* Gathered at the file's start, over what was read. */
			memmove(f + idat, d, n);
			idat += n;
		} else if (type == 0x49454E44) {		/* IEND */
			break;
		}
		pos += 12 + (size_t)n;
	}
	raw = (uint64_t)h * (1 + (uint64_t)w * ch);
	im->w = w;
	im->h = h;
	im->rgb = image_buffer(raw > (uint64_t)w * h * 3 ? raw :
			       (uint64_t)w * h * 3);
	if (!im->rgb)
		return "out of memory";
	s->in = f;
	s->in_len = idat;
	s->out = im->rgb;
	s->out_len = raw;
	if ((e = zlib_inflate(s)) || (e = png_unfilter(im->rgb, w, h, ch)))
		return e;
	png_to_rgb(im->rgb, w, h, ch, bg);
	return 0;
}

/*
 * Decodes the len bytes at f (which PNG decoding overwrites) into *im;
 * bg (0xRRGGBBAA) is what transparent pixels are blended over.
 */
static const char *image_decode(uint8_t *f, size_t len, struct image *im,
				uint32_t bg)
{
	if (len >= 2 && f[0] == 'B' && f[1] == 'M')
		return bmp_decode(f, len, im);
	if (len >= 2 && f[0] == 'P' && (f[1] == '5' || f[1] == '6'))
		return pnm_decode(f, len, im);
	if (len >= 8 && memcmp(f, "\x89PNG\r\n\x1a\n", 8) == 0)
		return png_decode(f, len, im, bg);
	return "not a BMP, PPM, PGM or PNG file";
}

#endif
