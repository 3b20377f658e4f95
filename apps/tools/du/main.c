/*
 * du - disk usage of trees, in 1K blocks (-h: human units). WASI has
 * no block counts: a file counts as its size rounded up to 4 KiB (what
 * ext4 and tmpfs allocate for it), a link as nothing; files linked
 * twice are counted twice. -s: totals only, -a: files too, -c: a grand
 * total, -d N: directories down to depth N.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static bool all, summary, human, total;
static int64_t max_depth = INT64_MAX;

static void report(uint64_t k, const char *path)
{
	char b[24];

	vt_puts(human ? vf_human(k * 1024, b) : vt_utoa(k, b));
	vt_putc('\t');
	vt_puts(path);
	vt_putc('\n');
}

static uint64_t walk(const char *path, int64_t depth)
{
	__wasi_filestat_t st;
	int e = vf_lstat(path, &st);
	uint64_t k;

	if (e) {
		vf_fail("cannot access", path, e);
		return 0;
	}
	k = st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK ? 0 :
	    vf_kblocks(st.size);
	if (st.filetype == __WASI_FILETYPE_DIRECTORY) {
		size_t n;
		struct vf_ent *v = vf_list(path, &n, &e);

		if (!v)
			vf_fail("cannot read directory", path, e);
		for (size_t i = 0; v && i < n; i++)
			k += walk(vt_join(path, v[i].name), depth + 1);
		if (depth <= max_depth && (!summary || !depth))
			report(k, path);
	} else if (!depth || (all && depth <= max_depth)) {
		report(k, path);
	}
	return k;
}

static int du_main(int argc, char **argv)
{
	int c;
	uint64_t sum = 0;

	argv = vf_args(&argc, argv, "ashckd:xLP", NULL, 1);
	while ((c = vt_getopt(argc, argv, "ashckd:xLP")) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 's': summary = true; break;
		case 'h': human = true; break;
		case 'k': human = false; break;
		case 'c': total = true; break;
		case 'd':
			if (!vt_parse_int(vt_optarg, &max_depth) ||
			    max_depth < 0)
				vt_usage_error(vf_msg("invalid maximum depth",
						      vt_optarg), 1);
			break;
		}
	}
	if (vt_optind == argc)
		argv[--vt_optind] = ".";
	for (int i = vt_optind; i < argc; i++)
		sum += walk(argv[i], 0);
	if (total)
		report(sum, "total");
	return vt_status;
}

VT_TOOL(du_main,
	"Usage: du [OPTION]... [FILE]...\n"
	"Summarize the disk usage of each FILE, recursively for directories,\n"
	"in 1K blocks. WASI has no block counts: a file counts as its size\n"
	"rounded up to 4 KiB.\n"
	"\n"
	"  -a     write counts for all files, not just directories\n"
	"  -c     produce a grand total\n"
	"  -d N   print directories only down to depth N\n"
	"  -h     print sizes in human readable format (e.g. 1K 234M 2G)\n"
	"  -s     display only a total for each argument\n")
