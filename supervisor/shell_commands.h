/*
 * shell_commands.h - the one list of the supervisor's built-in commands,
 * in the order `help` shows them. The manifest parser reads it to check
 * `shell = [...]` grants, the shell builds its handler table from it
 * (cmd_<name>), so the two can never disagree.
 */
#ifndef VYOMA_SHELL_COMMANDS_H
#define VYOMA_SHELL_COMMANDS_H

#define SHELL_COMMANDS(X) \
	X(help) X(ps) X(start) X(new) X(stop) X(restart) X(kill) X(caps) \
	X(log) X(stats) X(memory) X(net) X(screenshot) X(version) \
	X(uptime)

#endif
