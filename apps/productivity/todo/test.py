"""todo (apps/productivity/todo): items added, ticked and removed by keys,
saved whole in /data/todo.txt; a list already there is read at start."""
import os
import re

from harness import Run, check

OK = 0x30A46C       # a ticked box


def run_todo(script, until, existing=None):
    def prepare(r):
        if existing is not None:
            d = r.app_data("todo")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "todo.txt"), "w") as f:
                f.write(existing)
    return Run(["todo"], script=script, prepare=prepare, until=until,
               started=True)


def test_todo_adds_ticks_removes_and_keeps_the_list():
    script = ("500 type milk\n600 key Enter\n700 type bread\n"
              "800 key Enter\n900 key Up\n1000 key Space\n1100 key Down\n"
              "1200 key Delete\n")
    r = run_todo(script, ["[todo] todo: 1 items, 1 done"])
    check(not r.timed_out, "todo took every key", r.out[-1500:])
    said = [x.split("todo: ", 1)[1] for x in r.lines
            if x.startswith("[todo] todo: ")]
    check(said == ["1 items, 0 done", "2 items, 0 done", "2 items, 1 done",
                   "1 items, 1 done"],
          "add, add, tick the first, delete the second", said)
    path = r.app_data("todo", "todo.txt")
    kept = open(path).read() if os.path.exists(path) else None
    check(kept == "[x] milk\n", "the list is saved whole", kept)
    check(not os.path.exists(path + ".new"), "no half-written file left")
    check(r.count(OK) == 12 * 12, "milk's box is ticked", r.count(OK))
    r.cleanup()

    r = run_todo("500 key Space\n", [re.compile(r"todo: 3 items, \d done")],
                 existing="[x] eggs\n[ ] tea\nnot an item\n[ ] jam")
    check(not r.timed_out, "a list already there is read", r.out[-1500:])
    check(r.has("[todo] todo: 3 items, 0 done"),
          "three items read (a malformed line skipped, the last kept "
          "without its newline); Space unticks the first, which was done",
          [x for x in r.lines if "todo:" in x])
    r.cleanup()


def test_todo_never_saves_over_a_list_it_cannot_hold():
    """201 items, or one past 60 characters: what fits is shown, and a
    change is not saved over the file (the 65th item on, or the end of a
    long one, was dropped at the first save)."""
    for name, text, n, done in (
            ("201 items", "".join(f"[ ] item {i}\n" for i in range(201)),
             200, 1),
            ("a long item", "[ ] tea\n[x] " + "w" * 61 + "\n", 2, 2)):
        r = run_todo("500 key Space\n", ["todo: not saved"], existing=text)
        check(not r.timed_out, f"{name}: the change is refused a save",
              r.out[-1500:])
        check(r.has(f"[todo] todo: {n} items, {done} done"),
              f"{name}: {n} items shown, the first ticked",
              [x for x in r.lines if "todo:" in x])
        kept = open(r.app_data("todo", "todo.txt")).read()
        check(kept == text, f"{name}: the file is as it was", kept[:200])
        r.cleanup()
