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
