"""Write static/img/udkast.svg: the word UDKAST in Carlito Bold as outlines, turned 35°.

Outlines, not text: the watermark is a page background (a PDF artifact), and as shapes it
adds no letters to the text a reader copies or a screen reader reads.

    .venv/bin/python scripts/make_draft_watermark.py
"""

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
WORD = "UDKAST"
FILL = "#a02a1e"
OPACITY = 0.15


def main():
    font = TTFont(ROOT / "static/fonts/carlito/Carlito-Bold.ttf")
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    ascent = font["hhea"].ascent
    paths, x = [], 0
    for char in WORD:
        name = cmap[ord(char)]
        pen = SVGPathPen(glyphs)
        glyphs[name].draw(pen)
        paths.append(f'<path transform="translate({x} 0)" d="{pen.getCommands()}"/>')
        x += glyphs[name].width
    width, height = x, ascent
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{-width * 0.05:.0f} {-width * 0.45:.0f} {width * 1.1:.0f} {width * 0.9:.0f}">'
        f'<g fill="{FILL}" fill-opacity="{OPACITY}" '
        f'transform="rotate(-35 {width / 2:.0f} 0) translate(0 {height / 2:.0f}) scale(1 -1)">'
        + "".join(paths)
        + "</g></svg>\n"
    )
    (ROOT / "static/img/udkast.svg").write_text(svg, encoding="utf-8")


if __name__ == "__main__":
    main()
