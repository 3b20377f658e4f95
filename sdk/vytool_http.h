/*
 * vytool_http.h - what the downloading tools (pkg, updater) share: a
 * repository's http:// URL, and one GET of a file under it into the
 * tool's own /data, bounded by the length the caller expects. Plain
 * HTTP/1.1 with Connection: close; what the file is worth is decided by
 * the supervisor's signature checks, never by the transport. Static
 * inline, so a tool links in only what it calls.
 */
#ifndef VYTOOL_HTTP_H
#define VYTOOL_HTTP_H

#include "vytool_files.h"
#include "vytool_net.h"
#include "vytool_text.h"

#define VH_HEAD_MAX 8192

static char *vh_host, *vh_base;	/* from the repository's URL */
static unsigned vh_port = 80;

/* Called as a download goes, with the bytes so far (progress lines). */
static void (*vh_progress)(uint64_t done);

static inline void vh_parse_url(const char *url)
{
	const char *p = url + 7, *slash, *colon;

	if (strncmp(url, "http://", 7))
		vt_usage_error("the repository must be an http:// URL", 2);
	slash = vtx_strchr(p, '/');
	if (!slash)
		slash = p + strlen(p);
	colon = vt_memchr(p, ':', (size_t)(slash - p));
	vh_host = vt_alloc((size_t)(slash - p) + 1);
	memcpy(vh_host, p, (size_t)((colon ? colon : slash) - p));
	if (colon) {
		/* The port alone: a path may follow it. */
		char digits[8] = "";

		if ((size_t)(slash - colon - 1) < sizeof(digits))
			memcpy(digits, colon + 1, (size_t)(slash - colon - 1));
		if (!(vh_port = vn_port(digits)))
			vt_usage_error("bad port in the repository's URL", 2);
	}
	vh_base = vt_strdup(slash);
	if (vh_base[0] && vh_base[strlen(vh_base) - 1] == '/')
		vh_base[strlen(vh_base) - 1] = '\0';
}

/*
 * The downloading tools' options: -r URL (else $VYOMA_REPO, else
 * fallback) and -y (sets *yes); the URL is parsed.
 */
static inline void vh_options(int argc, char **argv, const char *fallback,
			      bool *yes)
{
	const char *repo = vt_getenv("VYOMA_REPO");
	int c;

	while ((c = vt_getopt(argc, argv, "r:y")) != -1) {
		if (c == 'r')
			repo = vt_optarg;
		else
			*yes = true;
	}
	vh_parse_url(repo ? repo : fallback);
}

/*
 * GET base/path into /data/file, at most max bytes (one more is a
 * refusal: the caller knows the length to expect). false after saying
 * why.
 */
static inline bool vh_get(const char *path, const char *file, uint64_t max)
{
	char *head = vt_alloc(VH_HEAD_MAX + 1), *req, *end, *out_path;
	size_t got = 0;
	uint64_t body = 0;
	int sock, out, err;
	long n;

	err = vy_connect(vh_host, vh_port, 0, &sock);
	if (err) {
		vn_warn(vn_hostport(vh_host, vh_port), err);
		return false;
	}
	req = vt_alloc(strlen(vh_base) + strlen(path) + strlen(vh_host) + 96);
	strcpy(req, "GET ");
	strcat(req, vh_base);
	strcat(req, "/");
	strcat(req, path);
	strcat(req, " HTTP/1.1\r\nHost: ");
	strcat(req, vh_host);
	strcat(req, "\r\nConnection: close\r\nUser-Agent: vyoma\r\n\r\n");
	if ((err = vn_send(sock, req, strlen(req)))) {
		vn_warn(vn_hostport(vh_host, vh_port), err);
		vt_close(sock);
		return false;
	}
	/* The head, whole, then what follows it is body. */
	for (end = NULL; !end && got < VH_HEAD_MAX; got += (size_t)n) {
		n = vt_read(sock, head + got, VH_HEAD_MAX - got);
		if (n <= 0)
			break;
		head[got + (size_t)n] = '\0';
		end = strstr(head, "\r\n\r\n");
	}
	if (!end || strncmp(head, "HTTP/1.", 7) || strncmp(head + 8, " 200", 4)) {
		vt_warn(path, end ? "the repository did not answer 200" :
			"the repository's answer is malformed");
		vt_close(sock);
		return false;
	}
	out_path = vf_cat("/data/", file);
	out = vt_open(out_path, VT_WRITE | VT_NOFOLLOW, &err);
	if (out < 0) {
		vf_fail("cannot write", out_path, err);
		vt_close(sock);
		return false;
	}
	/* What came with the head is the body's first bytes. */
	end += 4;
	n = (long)(head + got - end);
	memmove(head, end, (size_t)n);
	for (;;) {
		body += (uint64_t)n;
		if (body > max) {
			vt_warn(path, "longer than expected: stopped");
			n = -1;
		} else if (n && !vt_write_fd(out, head, (size_t)n)) {
			n = -1;
		}
		if (n > 0 && vh_progress)
			vh_progress(body);
		if (n < 0 || (n = vt_read(sock, head, VH_HEAD_MAX)) <= 0)
			break;
	}
	vt_close(out);
	vt_close(sock);
	return n == 0;
}

#endif
