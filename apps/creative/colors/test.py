"""colors (apps/creative/colors): mixed by keys from black to #211001;
the console says each colour, and the swatch is exactly that colour."""
import colorsys

from harness import Run, check


def reference_hsl(hex_colour):
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    return (f"hsl({round(h * 360) % 360},{round(s * 100)}%,"
            f"{round(lightness * 100)}%)")


def test_colors_mixes_by_keys_and_shows_the_colour():
    keys = ["type 0", "type r", "key PageUp", "key PageUp", "key Right",
            "type g", "type ]", "type b", "key Right", "key Left",
            "key Right", "type ]", "type ["]
    script = "".join(f"{500 + 120 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["colors"], script=script,
            started=True,
            until=[lambda lines: sum("[colors] colors: #211001" in x
                                     for x in lines) >= 3])
    check(not r.timed_out, "colors reached #211001", r.out[-1500:])
    said = [x.split("colors: ", 1)[1] for x in r.lines
            if x.startswith("[colors] colors: #")]
    check([x.split()[0] for x in said] ==
          ["#0082f6", "#0000f6", "#000000", "#100000", "#200000",
           "#210000", "#211000", "#211001", "#211000", "#211001",
           "#211011", "#211001"],
          "0 zeroes each channel in turn; PageUp and ] add 16 (] once did "
          "nothing), [ takes 16, Right adds 1, Left takes 1", said)
    check(all(x.split()[1] == reference_hsl(x.split()[0]) for x in said),
          "each HSL is Python's colorsys's, rounded", said)
    check(r.count(0x211001) == 96 * 96, "the swatch is exactly #211001",
          r.count(0x211001))
    r.cleanup()
