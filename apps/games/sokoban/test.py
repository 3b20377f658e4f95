"""sokoban (apps/games/sokoban): level 1 played by keys, one push into
a wall and an undo among them; every line the app says is checked
against a Python model of the same level replaying the same keys."""
from harness import Run, check, said

LEVEL1 = ["#######", "#     #", "#.$ $.#", "#  @  #", "#######"]
STEP = {"Up": (-1, 0), "Down": (1, 0), "Left": (0, -1), "Right": (0, 1)}
OK = 0x30A46C  # a box on its goal


def model(keys):
    """The lines a correct sokoban says for these keys on LEVEL1."""
    walls = {(r, c) for r, row in enumerate(LEVEL1)
             for c, ch in enumerate(row) if ch == "#"}
    goals = {(r, c) for r, row in enumerate(LEVEL1)
             for c, ch in enumerate(row) if ch in ".*+"}
    boxes = {(r, c) for r, row in enumerate(LEVEL1)
             for c, ch in enumerate(row) if ch in "$*"}
    me = next((r, c) for r, row in enumerate(LEVEL1)
              for c, ch in enumerate(row) if ch == "@")
    hist, out = [], ["level 1 moves 0 pushes 0"]
    for k in keys:
        if k == "u":
            d, pushed = hist.pop()
            if pushed:
                boxes.remove((me[0] + d[0], me[1] + d[1]))
                boxes.add(me)
            me = (me[0] - d[0], me[1] - d[1])
        else:
            d = STEP[k]
            nxt = (me[0] + d[0], me[1] + d[1])
            past = (nxt[0] + d[0], nxt[1] + d[1])
            pushed = nxt in boxes
            if nxt in walls or pushed and (past in walls or past in boxes):
                out.append("blocked")
                continue
            if pushed:
                boxes.remove(nxt)
                boxes.add(past)
            hist.append((d, pushed))
            me = nxt
        if boxes <= goals:
            out.append("level 1 solved")
        else:
            out.append(f"level 1 moves {len(hist)} "
                       f"pushes {sum(p for _, p in hist)}")
    return out


def test_sokoban_solves_level_one_refuses_a_wall():
    keys = ["Up", "Left", "Left", "u", "Left", "Right", "Right"]
    script = "".join(f"{400 + 100 * i} "
                     f"{'type u' if k == 'u' else 'key ' + k}\n"
                     for i, k in enumerate(keys))
    script += f"{400 + 100 * len(keys)} type n\n"
    r = Run(["sokoban"], script=script, started=True,
            until=["sokoban: level 1 solved",
                   "sokoban: level 2 moves 0 pushes 0"])
    check(not r.timed_out, "sokoban solved level 1", r.out[-1500:])
    got = [x[len("sokoban: "):] for x in said(r, "sokoban")]
    want = model(keys)
    check(got[:len(want)] == want, "each move, push, refusal and undo as "
          "the model has them", (got, want))
    check("blocked" in got, "a box pushed into the wall was refused", got)
    check(got[-1] == "level 2 moves 0 pushes 0", "N: the next level", got)
    check(r.count(OK) > 0, "level 2 shows a box already on its goal")
    r.cleanup()


def test_sokoban_walks_on_past_its_undo_history():
    """600 steps, then U: every step taken (after the 512th it once said
    "blocked" to every one) and the last undone."""
    keys = ["key Left", "key Right"] * 300 + ["type u"]
    script = "".join(f"{400 + 5 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["sokoban"], script=script, started=True,
            until=lambda lines: sum("sokoban: level 1 moves 599 pushes 0"
                                    in x for x in lines) == 2)
    check(not r.timed_out, "the 600th step and its undo", r.out[-1500:])
    got = [x[len("sokoban: "):] for x in said(r, "sokoban")]
    check("blocked" not in got and got[-2:] == [
        "level 1 moves 600 pushes 0", "level 1 moves 599 pushes 0"],
          "no step refused; U takes back the last", got[-3:])
    r.cleanup()
