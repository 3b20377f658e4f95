"""@NAME@ (apps/@CATEGORY@/@NAME@), as `vyoma new` made its test: started
headless, driven with keys, checked on its console and its pixels."""
from harness import Run, check

TEXT = 0xE6E9EF  # vyoma_ui.h's VY_UI_TEXT


def test_@IDENT@_counts_keys():
    """+ + - gives 1, on the console and on the screen."""
    script = "500 type +\n700 type +\n900 type -\n"
    r = Run(["@NAME@"], script=script,
            until=["[@NAME@] @NAME@: count 2", "[@NAME@] @NAME@: count 1"])
    check(not r.timed_out, "@NAME@ counted the keys", r.out[-1500:])
    check(r.count(TEXT) > 100, "its window shows the count",
          f"{r.count(TEXT)} text pixels")
    r.cleanup()
