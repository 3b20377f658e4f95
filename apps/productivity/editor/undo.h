/*
 * undo.h - the editor's history: every change is one step "at pos,
 * these bytes were replaced by those", kept for the last UNDO_MAX steps.
 * Characters typed one after another extend the step before them, so an
 * undo takes back a word or a line of typing, not a letter.
 */
#ifndef EDITOR_UNDO_H
#define EDITOR_UNDO_H

#include "buffer.h"

#define UNDO_MAX 200

struct step {
	int pos, dlen, ilen;	/* deleted dlen bytes, inserted ilen */
	char *data;		/* the deleted bytes, then the inserted */
};

static struct step steps[UNDO_MAX];
static int nsteps, at_step;	/* [0, at_step) undo, the rest redo */
static int saved_step;		/* at_step when saved; -1: never again */
static int may_merge;		/* the top step takes what is typed next */

static void steps_drop(int from)
{
	while (nsteps > from)
		free(steps[--nsteps].data);
	if (at_step > nsteps)
		at_step = nsteps;
}

static void undo_reset(void)
{
	steps_drop(0);
	at_step = saved_step = may_merge = 0;
}

/*
 * Records replacing dlen bytes at pos with ins[0..ilen), before it is
 * done. If memory runs out the history is dropped, never the edit.
 */
static void undo_record(int pos, int dlen, const char *ins, int ilen,
			int typed)
{
	struct step *s = at_step ? &steps[at_step - 1] : 0;
	char *d;

	steps_drop(at_step);
	if (typed && may_merge && s && !dlen &&
	    pos == s->pos + s->ilen && saved_step != at_step) {
		d = realloc(s->data, (size_t)(s->dlen + s->ilen + ilen));
		if (d) {
			memcpy(d + s->dlen + s->ilen, ins, (size_t)ilen);
			s->data = d;
			s->ilen += ilen;
			return;
		}
	}
	may_merge = typed;
	if (nsteps == UNDO_MAX) {
		free(steps[0].data);
		memmove(steps, steps + 1, sizeof(steps[0]) * (UNDO_MAX - 1));
		nsteps--;
		at_step--;
		saved_step = saved_step > 0 ? saved_step - 1 : -1;
	}
	d = malloc((size_t)(dlen + ilen) + 1);
	if (!d) {
		undo_reset();
		saved_step = -1;
		return;
	}
	memcpy(d, span(pos, pos + dlen), (size_t)dlen);
	memcpy(d + dlen, ins, (size_t)ilen);
	steps[nsteps++] = (struct step){ pos, dlen, ilen, d };
	at_step = nsteps;
}

/*
 * Swaps a step's two texts in the buffer: undo takes its inserted bytes
 * out and puts the deleted ones back, redo the other way. Returns where
 * the cursor goes (after the text put back), or -1 without a step.
 */
static int undo_apply(int redo)
{
	struct step *s;
	int out, in;
	const char *put;

	if (redo ? at_step == nsteps : at_step == 0)
		return -1;
	s = &steps[redo ? at_step++ : --at_step];
	out = redo ? s->dlen : s->ilen;
	in = redo ? s->ilen : s->dlen;
	put = redo ? s->data + s->dlen : s->data;
	buf_delete(s->pos, out);
	if (buf_insert(s->pos, put, in)) {
		/* Out of memory: the history no longer matches the text. */
		undo_reset();
		saved_step = -1;
	}
	may_merge = 0;
	return s->pos + in;
}

#endif
