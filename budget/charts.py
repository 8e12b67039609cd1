"""Server-rendered SVG bar charts: plain numbers in, shapes for a template out.

No JavaScript: the template draws `<rect>` and `<text>` from these coordinates, and a
table with the same numbers follows every chart for screen readers and print.
"""

from decimal import Decimal

from municipality.money import som_amount

WIDTH = 420
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 12
VALUE_SPACE = 84


som = som_amount  # 12 345 678 — grouped with narrow no-break spaces, no decimals


def hbar_chart(rows: list[dict], series: list[dict], *, width: int = WIDTH) -> dict:
    """A horizontal grouped bar chart.

    rows: [{"label": str, "values": [Decimal | None, ...]}], one value per series;
    series: [{"name": str, "css": str}]. Bars are scaled to the largest value.
    """
    values = [v for row in rows for v in row["values"] if v is not None]
    top = max(values, default=0) or 1
    usable = width - VALUE_SPACE
    shapes, y = [], 0
    for row in rows:
        item = {"label": row["label"], "label_y": y + LABEL_HEIGHT - 5, "bars": []}
        y += LABEL_HEIGHT
        for value, serie in zip(row["values"], series, strict=True):
            length = 0 if value is None else max(1, int(Decimal(value) * usable / Decimal(top)))
            item["bars"].append(
                {
                    "y": y,
                    "width": length if value else 0,
                    "css": serie["css"],
                    "name": serie["name"],
                    "text": som(value),
                    "text_x": (length if value else 0) + 6,
                    "text_y": y + BAR_HEIGHT - 4,
                }
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
        shapes.append(item)
    return {
        "width": width,
        "height": max(y, 1),
        "bar_height": BAR_HEIGHT,
        "rows": shapes,
        "series": series,
    }
