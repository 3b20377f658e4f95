/*
 * manifest.h - the vyoma.toml schema: what an app is ([app]), what it may
 * touch ([capabilities]), what it may use ([resources]) and how it is run
 * ([lifecycle]). Parsing is strict; every mistake is reported as
 * "file:line:column: message" so the author can go straight to it.
 * docs/manifest.md is the reference.
 */
#ifndef VYOMA_MANIFEST_H
#define VYOMA_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum capability {
	CAP_STDIO,
	CAP_FILESYSTEM,
	CAP_NETWORK,
	CAP_DISPLAY,
	CAP_SHELL,
	CAP_MOUSE,
	CAP_SPAWN,		/* start command instances (instance.h) */
	CAP_DESKTOP,		/* the desktop shell (docs/desktop.md) */
	CAP_CLIPBOARD,		/* the clipboard command */
	CAP_NOTIFY,		/* the notify command */
	CAP_LOGIN,		/* the greeter: login, setup (docs/users.md) */
	CAP_PACKAGES,		/* the pkg command (docs/packages.md) */
	CAP_UPDATES,		/* the update command (docs/updates.md) */
	CAP_DEVICES,		/* devices it owns (devtable.h, docs/drivers.md) */
	CAP_COUNT
};

enum restart_policy { RESTART_NEVER, RESTART_ON_FAILURE, RESTART_ALWAYS };

/*
 * What an app is run as. Window and service apps speak the line protocol
 * on stdin/stdout; a command's stdin, stdout and stderr are byte streams
 * that are never parsed, and it is run (with arguments) rather than
 * started at boot. The default is "window" with the display capability,
 * else "service".
 */
enum app_kind { KIND_WINDOW, KIND_SERVICE, KIND_COMMAND };

#define MANIFEST_NAME_MAX 32
#define MANIFEST_MAX_GRANTS 8
#define MANIFEST_MAX_HOSTS 16
#define MANIFEST_MAX_SHELL 16
#define MANIFEST_MAX_LISTEN 8	/* port ranges an app may listen on */
#define MANIFEST_MAX_RESOLVE 4	/* name patterns it may look up */
#define MANIFEST_PATH_MAX 255
#define MANIFEST_MAX_OPENS 16	/* file types an app opens */
#define MANIFEST_OPENS_LEN 8	/* an extension's characters */
#define MANIFEST_MEMORY_DEFAULT (64u << 20)
#define MANIFEST_MEMORY_MIN (64u << 10)
#define MANIFEST_MEMORY_MAX (4ull << 30)	/* all a wasm32 app can address */
#define MANIFEST_CPU_MAX 100
#define MANIFEST_FILES_DEFAULT 256	/* descriptors, stdio and preopens too */
#define MANIFEST_FILES_MIN 16
#define MANIFEST_FILES_MAX 65536
#define MANIFEST_SOCKETS_DEFAULT 64
#define MANIFEST_SOCKETS_MAX 4096
#define MANIFEST_DISK_DEFAULT (16u << 20)	/* bytes its /data may hold */
#define MANIFEST_DISK_MIN (64u << 10)
#define MANIFEST_DISK_MAX (1ull << 40)

/*
 * The user's files (docs/manifest.md, "The shared file tree"): their home
 * at /home/user and /tmp, the same files in every app that asks for
 * them. A spawned child gets them at most as its parent has them.
 */
enum user_files { USER_FILES_NONE, USER_FILES_RO, USER_FILES_RW };

/* A host directory the app sees at guest_path. */
struct fs_grant {
	char host_path[MANIFEST_PATH_MAX + 1];
	char guest_path[MANIFEST_PATH_MAX + 1];
	bool writable;
};

struct manifest {
	char name[MANIFEST_NAME_MAX + 1];
	char version[33];
	char entry[129];	/* a .wasm file beside the manifest */
	char description[257];
	char category[33];
	enum app_kind kind;
	/* [app] opens: extensions, lower case, without the dot */
	char opens[MANIFEST_MAX_OPENS][MANIFEST_OPENS_LEN + 1];
	size_t opens_count;
	/* [app] serves = "everyone": a service that runs for the system
	 * and that every user's apps may message (docs/users.md) */
	bool serves_everyone;

	bool caps[CAP_COUNT];	/* declared (and so granted) or not */

	/* filesystem */
	bool data_dir;		/* its own persistent /data, read-write */
	enum user_files user;	/* the user's home and /tmp */
	struct fs_grant grants[MANIFEST_MAX_GRANTS];
	size_t grant_count;

	/* network (netpolicy.h): "host:port" patterns it may connect to,
	 * port ranges it may listen on, names it may look up */
	char hosts[MANIFEST_MAX_HOSTS][128];
	size_t host_count;
	uint16_t listen[MANIFEST_MAX_LISTEN][2];	/* low, high */
	size_t listen_count;
	char resolve[MANIFEST_MAX_RESOLVE][128];
	size_t resolve_count;

	/* devices: a bit for each devtable.h row it may own */
	uint32_t devices;

	/* display */
	char title[65];		/* "" means the app's name */
	int width, height;	/* preferred content size, 0 = any */

	/* shell: every command, or only those listed */
	bool shell_all;
	char shell[MANIFEST_MAX_SHELL][17];
	size_t shell_count;

	/* [resources] */
	uint64_t memory_limit;	/* bytes of linear memory */
	int cpu_share;		/* 1..MANIFEST_CPU_MAX, relative weight */
	size_t queue_bytes;	/* inbound message queue bound */
	unsigned queue_messages;
	unsigned files_limit;	/* descriptors it may hold at once */
	uint64_t disk_limit;	/* bytes its /data may hold (where enforced) */
	unsigned sockets_limit;	/* sockets it may hold at once */

	/* [lifecycle] */
	bool autostart;
	enum restart_policy restart;
};

/*
 * An app's name (and a category): 1 to MANIFEST_NAME_MAX of [a-z0-9-],
 * not starting with '-'. The package index (sign.c) names apps too.
 */
bool manifest_name_valid(const char *s);

const char *capability_name(enum capability cap);
const char *restart_policy_name(enum restart_policy policy);
const char *app_kind_name(enum app_kind kind);

/*
 * The supervisor commands a manifest may name in `shell = [...]`: those
 * the shell capability grants (not the desktop's, which their own
 * capabilities grant). manifest_shell_commands lists every command.
 */
bool manifest_shell_command_known(const char *name);
extern const char *const manifest_shell_commands[];

/* The capability that grants a command, or CAP_COUNT if there is none
 * of that name. */
enum capability manifest_command_cap(const char *cmd, size_t len);

/* A devtable.h row's name ("hwrng"), and the row of a name or -1. */
const char *manifest_device_name(unsigned device);
int manifest_device_index(const char *name, size_t len);

/* Does the app open files of this extension (lower case, no dot)? */
bool manifest_opens(const struct manifest *m, const char *ext, size_t len);

/* May the app run this @supervisor: command? */
bool manifest_allows_command(const struct manifest *m, const char *cmd,
			     size_t len);

/*
 * A spawned child's shell grant: what its own manifest names and its
 * parent holds, no more (an app without `shell` must not reach `kill`
 * by spawning the `kill` command).
 */
void manifest_narrow_shell(struct manifest *child,
			   const struct manifest *parent);

/*
 * Parses a manifest held in memory; path is only used in messages. Returns
 * 0, or -1 with a "path:line:col: message" in err.
 */
int manifest_parse(const char *src, size_t len, const char *path,
		   struct manifest *m, char *err, size_t errlen);

/* Reads and parses the file at path. */
int manifest_load(const char *path, struct manifest *m, char *err,
		  size_t errlen);

/*
 * Describes the effective grants on one line, e.g.
 * "stdio display(320x200) filesystem(data=rw,/music=ro) memory=8MiB cpu=1
 *  restart=never". Returns the length written (truncated to len - 1).
 */
size_t manifest_describe(const struct manifest *m, char *buf, size_t len);

#endif
