"""contacts (apps/productivity/contacts): contacts added, filtered,
edited and removed by keys, saved whole in /data/contacts.txt; a book
already there (with malformed lines) is read back at start."""
import os

from harness import Run, check

SELECT = 0x2D4F8A   # vyoma_ui.h's VY_UI_SELECT: the chosen row


def said_in(lines):
    return [x.split("[contacts] contacts: ", 1)[1] for x in lines
            if x.startswith("[contacts] contacts: ")]


def said(r):
    return said_in(r.lines)


def script_of(steps):
    return "".join(f"{400 + 60 * i} {s}\n" for i, s in enumerate(steps))


def test_contacts_add_search_edit_delete_and_keep():
    steps = ["key Ctrl+n", "type Bob Smith", "key Tab", "type 555-0101",
             "key Tab", "type bob@example.org", "key Enter",
             "key Ctrl+n", "type Alice Jones", "key Tab", "type 555-0199",
             "key Tab", "type alice@example.com", "key Enter",
             "type b", "key Escape", "type .com", "key Escape",
             "key Down", "key Enter", "key Tab"] + ["key Backspace"] * 4 + [
             "type 9999", "key Enter",
             "key Ctrl+n", "type Zed", "key Enter", "key Down", "key Down",
             "key Delete", "key Delete"]
    r = Run(["contacts"], script=script_of(steps), started=True,
            until=lambda lines: said_in(lines)[-2:] == [
                "3 contacts, 3 shown", "2 contacts, 2 shown"])
    check(not r.timed_out, "contacts took every key", r.out[-1500:])
    want = ["0 contacts, 0 shown", "1 contacts, 1 shown",
            "2 contacts, 2 shown", "2 contacts, 1 shown",
            "2 contacts, 2 shown", "2 contacts, 2 shown",
            "2 contacts, 1 shown", "2 contacts, 1 shown",
            "2 contacts, 1 shown", "2 contacts, 2 shown",
            "2 contacts, 2 shown", "3 contacts, 3 shown",
            "2 contacts, 2 shown"]
    check(said(r) == want, "add, add, filter by b and by .com, edit, add "
          "and delete", said(r))
    path = r.app_data("contacts", "contacts.txt")
    kept = open(path).read() if os.path.exists(path) else None
    check(kept == "Alice Jones\t555-0199\talice@example.com\n"
          "Bob Smith\t555-9999\tbob@example.org\n",
          "saved whole, sorted by name, with Bob's new number", kept)
    check(not os.path.exists(path + ".new"), "no half-written file left")
    r.cleanup()


def test_contacts_reads_its_book_and_skips_malformed_lines():
    def prepare(r):
        d = r.app_data("contacts")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "contacts.txt"), "w") as f:
            f.write("Bob\t1\tb@x\n\tno name\t2\n" + "z" * 63 + "\t3\n"
                    "alice\t4\ta@x\t\textra\nCarol")
    r = Run(["contacts"], script=script_of(["type car", "key Delete",
                                             "key Delete", "key Escape"]),
            prepare=prepare, started=True,
            until=["contacts: 3 contacts, 3 shown"])
    check(not r.timed_out, "the book was read", r.out[-1500:])
    check(said(r) == ["4 contacts, 4 shown", "4 contacts, 2 shown",
                      "4 contacts, 1 shown", "4 contacts, 1 shown",
                      "3 contacts, 0 shown", "3 contacts, 3 shown"],
          "four contacts read (the nameless line skipped); c, ca, "
          "car narrow to Carol, two Deletes remove her", said(r))
    kept = open(r.app_data("contacts", "contacts.txt")).read()
    check(kept == "alice\t4\ta@x\nBob\t1\tb@x\n" + "z" * 63 +
          "\t3\t\n", "sorted in any case, a 63-byte field whole, fields "
          "past the third dropped", kept)
    check(r.count(SELECT) > 300, "the first row is chosen",
          r.count(SELECT))
    r.cleanup()


def test_contacts_never_saves_over_a_book_it_cannot_hold():
    """A field past 63 bytes, or a 501st contact: what fits is shown, the
    footer says it is read only, and a change is not saved over the file
    (it once cut the field, or dropped every contact past the 100th, at
    the first save); Ctrl+N adds nothing to a full book."""
    add = ["key Ctrl+n", "type New", "key Enter"]
    for name, text, keys, want in (
            ("a long field", "Bob\t1\n" + "Ann\t" + "9" * 64 + "\n",
             add, ["2 contacts, 2 shown", "3 contacts, 3 shown"]),
            ("501 contacts", "".join("c%03d\t%d\n" % (i, i)
                                     for i in range(501)),
             ["key Ctrl+n", "key Delete", "key Delete"],
             ["500 contacts, 500 shown", "499 contacts, 499 shown"])):
        def prepare(r, text=text):
            d = r.app_data("contacts")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "contacts.txt"), "w") as f:
                f.write(text)
        r = Run(["contacts"], prepare=prepare, started=True,
                script=script_of(keys),
                until=["contacts: not saved"])
        check(not r.timed_out, f"{name}: the change is refused a save",
              r.out[-1500:])
        check([x for x in said(r) if "shown" in x] == want,
              f"{name}: what fits is shown and changed "
              "(Ctrl+N, in a full book, opens no form)", said(r))
        kept = open(r.app_data("contacts", "contacts.txt")).read()
        check(kept == text, f"{name}: the file is as it was", kept[:200])
        r.cleanup()
