/*
 * comm - compare two sorted files line by line: lines only in FILE1,
 * only in FILE2, and in both, in three columns (-1 -2 -3 hide them).
 * Both files are streamed. As GNU comm, disorder is reported once an
 * unpairable line has been seen (always with --check-order), and makes
 * the status 1.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static bool hide[3], check_order, no_check, total;
static const char *delim = "\t";
static char eol = '\n';
static bool unpairable, disorder[2];

struct input {
	struct vt_in in;
	char *line, *prev;	/* the current line; the one before */
	size_t len, plen, pcap;
	int no;
};

static int cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);

	return c ? c : al < bl ? -1 : al > bl;
}

static void advance(struct input *f)
{
	if (f->line) {	/* keep it: the next is checked against it */
		if (f->len > f->pcap) {
			f->pcap = f->len * 2;
			f->prev = vt_alloc(f->pcap);
		}
		memcpy(f->prev, f->line, f->len);
		f->plen = f->len;
	}
	f->line = vt_getdelim(&f->in, &f->len, eol);
	if (f->line && f->line[f->len - 1] == eol)
		f->len--;
	if (f->line && f->prev && !no_check && !disorder[f->no] &&
	    (check_order || unpairable) &&
	    cmp(f->prev, f->plen, f->line, f->len) > 0) {
		char msg[] = "file 1 is not in sorted order";

		msg[5] = (char)('1' + f->no);
		vt_warn(msg, NULL);
		disorder[f->no] = true;
		if (check_order)
			vt_exit(1);
	}
	if (!f->prev && f->line)
		f->prev = vt_alloc(1);
}

static void put_col(int col, const char *s, size_t len)
{
	if (hide[col])
		return;
	for (int i = 0; i < col; i++)
		if (!hide[i])
			vt_puts(delim);
	vt_put(s, len);
	vt_putc(eol);
}

static const char longs[] =
	"c0check-order\0"
	"n0nocheck-order\0"
	"d1output-delimiter\0"
	"t0total\0"
	"z0zero-terminated\0";

static int comm_main(int argc, char **argv)
{
	struct input f[2];
	uint64_t count[3] = { 0, 0, 0 };
	int c;

	while ((c = vtx_getopt(argc, argv, "123z", longs)) != -1) {
		switch (c) {
		case '1': case '2': case '3':
			hide[c - '1'] = true;
			break;
		case 'c': check_order = true; no_check = false; break;
		case 'n': no_check = true; check_order = false; break;
		case 'd': delim = vt_optarg; break;
		case 't': total = true; break;
		case 'z': eol = '\0'; break;
		}
	}
	vtx_two_operands(argc, argv);
	for (int i = 0; i < 2; i++) {
		int fd = vt_open_input(argv[vt_optind + i]);

		if (fd < 0)
			return 1;
		memset(&f[i], 0, sizeof(f[i]));
		f[i].no = i;
		vt_in_init(&f[i].in, fd);
		advance(&f[i]);
	}
	while (f[0].line || f[1].line) {
		int order = !f[0].line ? 1 : !f[1].line ? -1 :
			    cmp(f[0].line, f[0].len, f[1].line, f[1].len);

		if (!order) {
			put_col(2, f[0].line, f[0].len);
			count[2]++;
		} else {
			struct input *from = &f[order > 0];

			unpairable = true;
			put_col(order > 0, from->line, from->len);
			count[order > 0]++;
		}
		if (order >= 0)
			advance(&f[1]);
		if (order <= 0)
			advance(&f[0]);
	}
	if (total) {
		for (int i = 0; i < 3; i++) {
			vt_putu(count[i]);
			vt_puts(delim);
		}
		vt_puts("total");
		vt_putc(eol);
	}
	for (int i = 0; i < 2; i++)
		if (f[i].in.err)
			vt_warn_errno(argv[vt_optind + i], f[i].in.err);
	if (disorder[0] || disorder[1])
		vt_die("input is not in sorted order");
	return vt_status;
}

VT_TOOL(comm_main,
	"Usage: comm [OPTION]... FILE1 FILE2\n"
	"Compare sorted files FILE1 and FILE2 line by line: column one has\n"
	"lines only in FILE1, two lines only in FILE2, three lines in both.\n"
	"\n"
	"  -1, -2, -3            suppress column 1, 2 or 3\n"
	"  --check-order         fail at once if an input is not sorted\n"
	"  --nocheck-order       do not check the order\n"
	"  --output-delimiter=S  separate columns with S\n"
	"  --total               output a summary\n"
	"  -z                    line delimiter is NUL, not newline\n")
