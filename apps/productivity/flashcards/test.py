"""flashcards (apps/productivity/flashcards): a deck placed in /data
(with malformed lines, skipped) gone through by keys; the score at the
end is the cards marked known; R deals again."""
import os

from harness import Run, check

SELECT = 0x2D4F8A   # a card turned over
RAISED = 0x2B3345   # a card's front


def test_flashcards_scores_a_deck_from_data():
    def prepare(r):
        d = r.app_data("flashcards")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "cards.txt"), "w") as f:
            f.write("hund|dog\nno bar here\n|no front\nkatze|cat\n"
                    "no back|\n\npferd|horse\nvogel|bird|x")
    steps = ["key Space", "type y", "key Space", "key Space", "type n",
             "type Y", "key Space", "type y", "type y", "key Space",
             "type r", "key Space"]
    script = "".join(f"{400 + 80 * i} {s}\n" for i, s in enumerate(steps))
    r = Run(["flashcards"], script=script, prepare=prepare, started=True,
            until=["flashcards: score 3/4", lambda lines: sum(
                "flashcards: flipped 1" in x for x in lines) >= 2])
    check(not r.timed_out, "flashcards took every key", r.out[-1500:])
    said = [x.split("[flashcards] flashcards: ", 1)[1] for x in r.lines
            if x.startswith("[flashcards] flashcards: ")]
    check(said == ["4 cards", "flipped 1", "1 known", "flipped 2",
                   "flipped 2", "2 unknown", "3 known", "flipped 4",
                   "4 known", "score 3/4", "4 cards", "flipped 1"],
          "four cards read; turned, marked, scored, dealt again "
          "(a key after the end does nothing)", said)
    check(r.count(SELECT) > 200 * 100 and r.count(RAISED) < 1000,
          "the card shows turned over", (r.count(SELECT), r.count(RAISED)))
    r.cleanup()
