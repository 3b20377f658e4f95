/*
 * fmt - refill paragraphs, with GNU fmt's line breaking: for every
 * suffix of a paragraph the cheapest way to break it is kept (dynamic
 * programming), a line costing the square of its distance from the
 * goal width (93% of -w, 75) plus penalties and bonuses for breaking
 * around sentences and punctuation. A paragraph is a run of non-blank
 * lines with the same indentation (-c, -t: the first two may differ);
 * -p only touches lines with a prefix; -s splits without joining; -u
 * makes spacing uniform. Very long paragraphs are output in pieces, as
 * GNU's fixed buffers make it do.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define MAXWORDS 1000
#define MAXCHARS 5000
#define TABWIDTH 8
#define EOF_ (-1)

typedef int64_t cost_t;
#define MAXCOST INT64_MAX
#define SQ(n) ((cost_t)(n) * (cost_t)(n))
#define SHORT_COST(n) SQ((n) * 10)
#define RAGGED_COST(n) (SHORT_COST(n) / 2)
#define LINE_COST SQ(70)
#define WIDOW_COST(n) (SQ(200) / ((n) + 2))
#define ORPHAN_COST(n) (SQ(150) / ((n) + 2))
#define SENTENCE_BONUS SQ(50)
#define NOBREAK_COST SQ(600)
#define PAREN_BONUS SQ(40)
#define PUNCT_BONUS SQ(40)
#define LINE_CREDIT SQ(3)

struct word {
	int text;		/* offset in para */
	int length, space;	/* the word; the space after it */
	bool paren, period, punct, final;
	int line_length;	/* of the best line starting here */
	cost_t best_cost;	/* of the best rest of paragraph from here */
	int next_break;		/* the word that best starts the next line */
};

static char para[MAXCHARS];
static struct word words[MAXWORDS];
static int wptr, nwords;	/* used chars; the word being read */

static bool crown, tagged, split, uniform;
static const char *prefix = "";
static int prefix_len, prefix_full_len, prefix_lead;
static int max_width = 75, goal_width;
static int in_column, out_column, prefix_indent, first_indent;
static int other_indent, next_prefix_indent, last_line_length;
static bool tabs;
static int next_char;

/* ---- input: one byte at a time from a buffer ---- */

static int in_fd;
static char ibuf[65536];
static long ipos, ilen;

static int get_c(void)
{
	if (ipos == ilen) {
		ilen = vt_read(in_fd, ibuf, sizeof(ibuf));
		ipos = 0;
		if (ilen <= 0) {
			ilen = 0;
			return EOF_;
		}
	}
	return (unsigned char)ibuf[ipos++];
}

static bool is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ---- output ---- */

static void put_space(int space)
{
	int target = out_column + space;

	if (tabs) {
		int tab_target = target / TABWIDTH * TABWIDTH;

		if (out_column + 1 < tab_target)
			while (out_column < tab_target) {
				vt_putc('\t');
				out_column = (out_column / TABWIDTH + 1) *
					     TABWIDTH;
			}
	}
	for (; out_column < target; out_column++)
		vt_putc(' ');
}

static void put_word(const struct word *w)
{
	vt_put(para + w->text, (size_t)w->length);
	out_column += w->length;
}

static void put_line(int w, int indent)
{
	int end = words[w].next_break - 1;

	out_column = 0;
	put_space(prefix_indent);
	vt_puts(prefix);
	out_column += prefix_len;
	put_space(indent - out_column);
	for (; w != end; w++) {
		put_word(&words[w]);
		put_space(words[w].space);
	}
	put_word(&words[w]);
	last_line_length = out_column;
	vt_putc('\n');
}

static void put_paragraph(int finish)
{
	put_line(0, first_indent);
	for (int w = words[0].next_break; w != finish; w = words[w].next_break)
		put_line(w, other_indent);
}

/* ---- line breaking ---- */

/* The cost of breaking before w that does not depend on line length. */
static cost_t base_cost(int w)
{
	const struct word *t = &words[w], *p = &words[w - 1];
	cost_t cost = LINE_COST;

	if (w > 0) {
		if (p->period)
			cost += p->final ? -SENTENCE_BONUS : NOBREAK_COST;
		else if (p->punct)
			cost -= PUNCT_BONUS;
		else if (w > 1 && words[w - 2].final)
			cost += WIDOW_COST(p->length);
	}
	if (t->paren)
		cost -= PAREN_BONUS;
	else if (t->final)
		cost += ORPHAN_COST(t->length);
	return cost;
}

/* The cost of a line of len columns that ends before word next. */
static cost_t line_cost(int next, int len)
{
	cost_t cost;

	if (next == nwords)
		return 0;
	cost = SHORT_COST(goal_width - len);
	if (words[next].next_break != nwords)
		cost += RAGGED_COST(len - words[next].line_length);
	return cost;
}

static void fmt_paragraph(void)
{
	int saved = words[nwords].length;

	words[nwords].best_cost = 0;
	words[nwords].length = max_width;	/* a sentinel */
	for (int start = nwords - 1; start >= 0; start--) {
		cost_t best = MAXCOST;
		int w = start;
		int len = (start ? other_indent : first_indent) +
			  words[w].length;

		do {
			cost_t c;

			w++;
			c = line_cost(w, len) + words[w].best_cost;
			if (!start && last_line_length > 0)
				c += RAGGED_COST(len - last_line_length);
			if (c < best) {
				best = c;
				words[start].next_break = w;
				words[start].line_length = len;
			}
			if (w == nwords)
				break;
			len += words[w - 1].space + words[w].length;
		} while (len < max_width);
		words[start].best_cost = best + base_cost(start);
	}
	words[nwords].length = saved;
}

static void set_other_indent(bool same)
{
	if (split)
		other_indent = first_indent;
	else if (crown)
		other_indent = same ? in_column : first_indent;
	else if (tagged) {
		if (same && in_column != first_indent)
			other_indent = in_column;
		else if (other_indent == first_indent)
			other_indent = first_indent == 0 ? 3 : 0;
	} else
		other_indent = first_indent;
}

/* Out of room: output the paragraph up to a cheap break near its end
 * and keep the rest. */
static void flush_paragraph(void)
{
	int split_at = nwords, shift;
	cost_t best = MAXCOST;

	if (nwords == 0) {
		vt_put(para, (size_t)wptr);
		wptr = 0;
		return;
	}
	fmt_paragraph();
	for (int w = words[0].next_break; w != nwords;
	     w = words[w].next_break) {
		cost_t d = words[w].best_cost -
			   words[words[w].next_break].best_cost;

		if (d < best) {
			split_at = w;
			best = d;
		}
		if (best <= MAXCOST - LINE_CREDIT)
			best += LINE_CREDIT;
	}
	put_paragraph(split_at);
	shift = words[split_at].text;
	memmove(para, para + shift, (size_t)(wptr - shift));
	wptr -= shift;
	for (int w = split_at; w <= nwords; w++)
		words[w].text -= shift;
	memmove(words, words + split_at,
		(size_t)(nwords - split_at + 1) * sizeof(*words));
	nwords -= split_at;
}

/* ---- paragraphs ---- */

static int get_space(int c)
{
	for (;; c = get_c()) {
		if (c == ' ')
			in_column++;
		else if (c == '\t') {
			tabs = true;
			in_column = (in_column / TABWIDTH + 1) * TABWIDTH;
		} else
			return c;
	}
}

/* Reads the indentation and prefix of a line: the first other byte. */
static int get_prefix(void)
{
	int c;

	in_column = 0;
	c = get_space(get_c());
	if (!prefix_len) {
		next_prefix_indent = prefix_lead < in_column ? prefix_lead :
				     in_column;
		return c;
	}
	next_prefix_indent = in_column;
	for (const char *p = prefix; *p; p++) {
		if (c != (unsigned char)*p)
			return c;
		in_column++;
		c = get_c();
	}
	return get_space(c);
}

static bool same_para(int c)
{
	return next_prefix_indent == prefix_indent &&
	       in_column >= next_prefix_indent + prefix_full_len &&
	       c != '\n' && c != EOF_;
}

static void punctuation(struct word *w)
{
	const char *s = para + w->text, *f = s + w->length - 1;
	unsigned char fin = (unsigned char)*f;

	w->paren = vtx_strchr("(['`\"", *s) != NULL;
	w->punct = fin > ' ' && fin < 127 &&
		   !((fin | 32) >= 'a' && (fin | 32) <= 'z') &&
		   !(fin >= '0' && fin <= '9');
	while (f > s && vtx_strchr(")]'\"", *f))
		f--;
	w->period = vtx_strchr(".?!", *f) != NULL;
}

/* Splits a line into words; returns the next line's first byte. */
static int get_line(int c)
{
	do {
		struct word *w = &words[nwords];
		int start;

		w->text = wptr;
		do {
			if (wptr == MAXCHARS) {
				set_other_indent(true);
				flush_paragraph();
				w = &words[nwords];
			}
			para[wptr++] = (char)c;
			c = get_c();
		} while (c != EOF_ && !is_space(c));
		w->length = wptr - w->text;
		in_column += w->length;
		punctuation(w);
		start = in_column;
		c = get_space(c);
		w->space = in_column - start;
		w->final = c == EOF_ ||
			   (w->period && (c == '\n' || w->space > 1));
		if (c == '\n' || c == EOF_ || uniform)
			w->space = w->final ? 2 : 1;
		if (nwords == MAXWORDS - 2) {
			set_other_indent(true);
			flush_paragraph();
		}
		nwords++;
	} while (c != '\n' && c != EOF_);
	return get_prefix();
}

/* Copies a line that is blank or lacks the prefix; returns '\n' or EOF. */
static int copy_rest(int c)
{
	out_column = 0;
	if (in_column > next_prefix_indent || (c != '\n' && c != EOF_)) {
		put_space(next_prefix_indent);
		for (const char *s = prefix; out_column != in_column && *s;
		     out_column++)
			vt_putc(*s++);
		if (c != EOF_ && c != '\n')
			put_space(in_column - out_column);
		if (c == EOF_ && in_column >= next_prefix_indent + prefix_len)
			vt_putc('\n');
	}
	for (; c != '\n' && c != EOF_; c = get_c())
		vt_putc((char)c);
	return c;
}

static bool get_paragraph(void)
{
	int c = next_char;

	last_line_length = 0;
	while (c == '\n' || c == EOF_ || next_prefix_indent < prefix_lead ||
	       in_column < next_prefix_indent + prefix_full_len) {
		c = copy_rest(c);
		if (c == EOF_) {
			next_char = EOF_;
			return false;
		}
		vt_putc('\n');
		c = get_prefix();
	}
	prefix_indent = next_prefix_indent;
	first_indent = in_column;
	wptr = nwords = 0;
	c = get_line(c);
	set_other_indent(same_para(c));
	if (split)
		;
	else if (crown || tagged) {
		if (same_para(c) && (crown || in_column != first_indent))
			do
				c = get_line(c);
			while (same_para(c) && in_column == other_indent);
	} else {
		while (same_para(c) && in_column == other_indent)
			c = get_line(c);
	}
	words[nwords - 1].period = words[nwords - 1].final = true;
	next_char = c;
	return true;
}

static void fmt_fd(int fd, const char *name)
{
	(void)name;
	in_fd = fd;
	ipos = ilen = 0;
	tabs = false;
	other_indent = 0;
	next_char = get_prefix();
	while (get_paragraph()) {
		fmt_paragraph();
		put_paragraph(nwords);
	}
}

static const char longs[] =
	"c0crown-margin\0"
	"p1prefix\0"
	"s0split-only\0"
	"t0tagged-paragraph\0"
	"u0uniform-spacing\0"
	"w1width\0"
	"g1goal\0";

static int width_arg(const char *s, int max)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < 0 || v > max || *s == '-' ||
	    *s == ' ') {
		vt_warn("invalid width", s);
		vt_exit(1);
	}
	return (int)v;
}

static int fmt_main(int argc, char **argv)
{
	const char *wopt = NULL, *gopt = NULL;
	int c;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' &&
	    argv[1][1] <= '9') {
		wopt = argv[1] + 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = vtx_getopt(argc, argv, "cstuw:p:g:", longs)) != -1) {
		switch (c) {
		case 'c': crown = true; break;
		case 's': split = true; break;
		case 't': tagged = true; break;
		case 'u': uniform = true; break;
		case 'w': wopt = vt_optarg; break;
		case 'g': gopt = vt_optarg; break;
		case 'p': {
			const char *p = vt_optarg;
			char *s;

			prefix_lead = (int)vtx_span(p, " ");
			p += prefix_lead;
			prefix_full_len = (int)strlen(p);
			s = vt_strdup(p);
			prefix_len = prefix_full_len;
			while (prefix_len && s[prefix_len - 1] == ' ')
				prefix_len--;
			s[prefix_len] = '\0';
			prefix = s;
			break;
		}
		}
	}
	if (wopt)
		max_width = width_arg(wopt, MAXCHARS / 2);
	if (gopt) {
		goal_width = width_arg(gopt, max_width);
		if (!wopt)
			max_width = goal_width + 10;
	} else {
		goal_width = max_width * (2 * (100 - 7) + 1) / 200;
	}
	vt_each_input(argc, argv, fmt_fd);
	return vt_status;
}

VT_TOOL(fmt_main,
	"Usage: fmt [-WIDTH] [OPTION]... [FILE]...\n"
	"Reformat each paragraph in the FILE(s), writing to standard output.\n"
	"\n"
	"  -c   preserve indentation of first two lines\n"
	"  -p STRING  reformat only lines beginning with STRING\n"
	"  -s   split long lines, but do not refill\n"
	"  -t   indentation of first line different from second\n"
	"  -u   one space between words, two after sentences\n"
	"  -w WIDTH   maximum line width (default of 75 columns)\n"
	"  -g WIDTH   goal width (default of 93% of width)\n")
