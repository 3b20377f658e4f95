/*
 * match.h - shell pattern matching (* ? [...] [!...] [:class:], with
 * backslash escapes) and pathname expansion against the filesystem.
 * Matching backtracks only to the last '*', so a hostile pattern costs
 * at most len(pattern) * len(string) steps.
 */

/*
 * One pattern element at p against byte c: sets *ok, returns the
 * pattern after the element.
 */
static const char *match1(const char *p, int c, int *ok)
{
	if (*p == '?') {
		*ok = 1;
		return p + 1;
	}
	if (*p == '\\' && p[1]) {
		*ok = (unsigned char)p[1] == c;
		return p + 2;
	}
	if (*p == '[') {
		const char *q = p + 1;
		int neg = 0, hit = 0;

		if (*q == '!' || *q == '^') {
			neg = 1;
			q++;
		}
		for (int first = 1; *q && (first || *q != ']'); first = 0) {
			int lo, hi;

			if (*q == '\\' && q[1])
				q++;
			lo = (unsigned char)*q++;
			hi = lo;
			if (q[0] == '-' && q[1] && q[1] != ']') {
				q++;
				if (*q == '\\' && q[1])
					q++;
				hi = (unsigned char)*q++;
			}
			if (c >= lo && c <= hi)
				hit = 1;
		}
		if (*q == ']') {
			*ok = hit ^ neg;
			return q + 1;
		}
		/* no closing bracket: a literal '[' */
	}
	*ok = (unsigned char)*p == c;
	return p + 1;
}

static int pmatch(const char *p, const char *s, size_t n)
{
	const char *sp = NULL;
	size_t i = 0, ss = 0;

	while (i < n || *p) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			sp = p;
			ss = i;
			continue;
		}
		if (i < n && *p) {
			int ok;
			const char *np = match1(p, (unsigned char)s[i], &ok);

			if (ok) {
				p = np;
				i++;
				continue;
			}
		}
		if (sp && ss < n) {
			i = ++ss;
			p = sp;
			continue;
		}
		return 0;
	}
	return 1;
}

/* Whether p has a * ? or [...] to expand ("[" alone is plain text). */
static int has_meta(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		else if (p[i] == '*' || p[i] == '?' ||
			 (p[i] == '[' && i + 2 < n &&
			  memchr(p + i + 2, ']', n - i - 2)))
			return 1;
	}
	return 0;
}

/* The pattern with its escapes removed, as plain text. */
static void unescape_to(struct str *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		s_addc(b, p[i]);
	}
}

static void glob_rec(struct str *path, const char *pat, struct words *out)
{
	const char *slash = strchr(pat, '/');
	size_t seglen = slash ? (size_t)(slash - pat) : strlen(pat);
	size_t keep = path->n;
	struct stat st;

	if (depth > MAXDEPTH)
		return;
	if (!has_meta(pat, seglen)) {
		unescape_to(path, pat, seglen);
		if (slash) {
			s_addc(path, '/');
			depth++;
			glob_rec(path, slash + 1, out);
			depth--;
		} else if (!lstat(path->n ? path->s : ".", &st)) {
			words_add(out, a_strndup(path->s, path->n));
		}
		path->n = keep;
		if (path->s)
			path->s[keep] = 0;
		return;
	}
	{
		char *seg = a_strndup(pat, seglen);
		DIR *d = opendir(path->n ? s_cstr(path) : ".");
		struct dirent *e;

		if (!d)
			return;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.' && seg[0] != '.')
				continue;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (!pmatch(seg, e->d_name, strlen(e->d_name)))
				continue;
			s_adds(path, e->d_name);
			if (slash) {
				if (!stat(path->s, &st) && S_ISDIR(st.st_mode)) {
					s_addc(path, '/');
					depth++;
					if (slash[1])
						glob_rec(path, slash + 1, out);
					else
						words_add(out, a_strndup(
							path->s, path->n));
					depth--;
				}
			} else {
				words_add(out, a_strndup(path->s, path->n));
			}
			path->n = keep;
			path->s[keep] = 0;
		}
		closedir(d);
	}
}

/* Adds the sorted matches of pattern pat to out; returns how many. */
static int glob_add(const char *pat, struct words *out)
{
	struct str path = { 0 };
	int before = out->n;

	if (*pat == '/') {
		s_addc(&path, '/');
		pat++;
	}
	glob_rec(&path, pat, out);
	s_free(&path);
	if (out->n > before)
		sort_strs(out->v + before, out->n - before);
	return out->n - before;
}
