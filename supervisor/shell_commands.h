/*
 * shell_commands.h - the one list of the supervisor's built-in commands,
 * in the order `help` shows them, each with the capability that grants
 * it. The manifest parser reads it to check `shell = [...]` grants and to
 * decide who may run what (manifest_allows_command), the shell builds its
 * handler table from it (cmd_<name>), so the three can never disagree.
 *
 * Most commands are granted by `shell` (all of them, or those its list
 * names); the desktop's are granted by their own capability instead
 * (docs/desktop.md), so a text editor can paste without being able to
 * run `kill`.
 */
#ifndef VYOMA_SHELL_COMMANDS_H
#define VYOMA_SHELL_COMMANDS_H

#define SHELL_COMMANDS(X) \
	X(help, CAP_SHELL) X(ps, CAP_SHELL) X(start, CAP_SHELL) \
	X(new, CAP_SHELL) X(stop, CAP_SHELL) X(restart, CAP_SHELL) \
	X(kill, CAP_SHELL) X(caps, CAP_SHELL) X(log, CAP_SHELL) \
	X(stats, CAP_SHELL) X(memory, CAP_SHELL) X(df, CAP_SHELL) \
	X(net, CAP_SHELL) \
	X(screenshot, CAP_SHELL) X(version, CAP_SHELL) \
	X(uptime, CAP_SHELL) X(apps, CAP_SHELL) X(open, CAP_SHELL) \
	X(clipboard, CAP_CLIPBOARD) X(notify, CAP_NOTIFY) \
	X(windows, CAP_DESKTOP) X(window, CAP_DESKTOP) \
	X(desktop, CAP_DESKTOP) X(poweroff, CAP_SHELL) X(reboot, CAP_SHELL) \
	X(whoami, CAP_SHELL) X(id, CAP_SHELL) X(peer, CAP_SHELL) \
	X(users, CAP_SHELL) \
	X(passwd, CAP_SHELL) X(useradd, CAP_SHELL) X(userdel, CAP_SHELL) \
	X(su, CAP_SHELL) X(lock, CAP_SHELL) X(logout, CAP_SHELL) \
	X(greeter, CAP_LOGIN) X(login, CAP_LOGIN) X(setup, CAP_LOGIN) \
	X(pkg, CAP_PACKAGES) X(update, CAP_UPDATES)

#endif
