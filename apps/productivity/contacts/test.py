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
            f.write("Bob\t1\tb@x\n\tno name\t2\n" + "z" * 100 + "\t3\n"
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
    check(kept == "alice\t4\ta@x\nBob\t1\tb@x\n" + "z" * 39 +
          "\t3\t\n", "sorted in any case, long fields cut, fields past the "
          "third dropped", kept)
    check(r.count(SELECT) > 300, "the first row is chosen",
          r.count(SELECT))
    r.cleanup()
