#!/usr/bin/env python3
"""Renders an ANSI terminal capture (tmux capture-pane -e -p) to a PNG for the README.
Usage: tmux capture-pane -e -p -t SESSION > cap.txt; python3 scripts/screenshot.py cap.txt out.png
Needs Pillow (pip install pillow) and the DejaVu Sans Mono font."""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
BASIC = {
    30: (40, 40, 40), 31: (224, 80, 80), 32: (90, 200, 110), 33: (230, 200, 80),
    34: (80, 140, 230), 35: (200, 120, 220), 36: (80, 200, 220), 37: (220, 220, 220),
    90: (128, 128, 128), 91: (255, 110, 110), 92: (120, 230, 140), 93: (250, 225, 110),
    94: (120, 170, 255), 95: (225, 150, 240), 96: (120, 225, 240), 97: (255, 255, 255),
}
BG_DEFAULT, FG_DEFAULT = (24, 26, 31), (210, 210, 210)
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def cells(line):
    """Yields (char, fg, bg, bold) for one captured line."""
    fg, bg, bold, rev = FG_DEFAULT, BG_DEFAULT, False, False
    pos = 0
    for m in SGR.finditer(line + "\x1b[m"):
        for ch in line[pos:m.start()]:
            f, b = (bg, fg) if rev else (fg, bg)
            yield ch, f, b, bold
        pos = m.end()
        codes = [int(c) if c else 0 for c in m.group(1).split(";")] or [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                fg, bg, bold, rev = FG_DEFAULT, BG_DEFAULT, False, False
            elif c == 1:
                bold = True
            elif c == 7:
                rev = True
            elif c == 22:
                bold = False
            elif c == 27:
                rev = False
            elif c in BASIC:
                fg = BASIC[c]
            elif 40 <= c <= 47 or 100 <= c <= 107:
                bg = BASIC[c - 10]
            elif c == 39:
                fg = FG_DEFAULT
            elif c == 49:
                bg = BG_DEFAULT
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                n = codes[i + 2]
                colour = BASIC.get(30 + n if n < 8 else 90 + n - 8) if n < 16 else None
                if colour and c == 38:
                    fg = colour
                elif colour:
                    bg = colour
                i += 2
            i += 1


def main(src, dst):
    lines = open(src, encoding="utf-8").read().rstrip("\n").split("\n")
    font, bold_font = ImageFont.truetype(FONT, 16), ImageFont.truetype(BOLD, 16)
    cw, ch = font.getbbox("M")[2], 20
    cols = max(len(SGR.sub("", l)) for l in lines)
    img = Image.new("RGB", (cols * cw + 24, len(lines) * ch + 24), BG_DEFAULT)
    d = ImageDraw.Draw(img)
    for y, line in enumerate(lines):
        for x, (c, fg, bg, b) in enumerate(cells(line)):
            px, py = 12 + x * cw, 12 + y * ch
            if bg != BG_DEFAULT:
                d.rectangle([px, py, px + cw, py + ch], fill=bg)
            d.text((px, py), c, fill=fg, font=bold_font if b else font)
    img.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
