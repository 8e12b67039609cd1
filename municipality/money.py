"""Sums as officials write them: "78 000 (жетимиш сегиз миң) сом 00 тыйын".

No library spells Kyrgyz numbers, so this module does, for 0 … 999 999 999 999, and
Russian alongside ("78 000 (семьдесят восемь тысяч) сомов 00 тыйынов"). Kyrgyz says
"жүз" for 100 (the glossary's "500 000 (беш жүз миң)", "100 000 (жүз миң)") but "бир миң",
"бир миллион", "бир миллиард" for the scales, as Kyrgyz official documents do.
"""

from decimal import ROUND_HALF_UP, Decimal

LIMIT = 10**12  # up to 999 999 999 999

KY_UNITS = ["", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз"]
KY_TENS = ["", "он", "жыйырма", "отуз", "кырк", "элүү", "алтымыш", "жетимиш", "сексен", "токсон"]
KY_SCALES = [(10**9, "миллиард"), (10**6, "миллион"), (10**3, "миң")]

RU_UNITS_MALE = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
RU_UNITS_FEMALE = ["", "одна", "две"] + RU_UNITS_MALE[3:]
RU_TEENS = [
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
RU_TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]
RU_HUNDREDS = [
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
]
# (value, forms for 1 / 2-4 / 5+, feminine)
RU_SCALES = [
    (10**9, ("миллиард", "миллиарда", "миллиардов"), False),
    (10**6, ("миллион", "миллиона", "миллионов"), False),
    (10**3, ("тысяча", "тысячи", "тысяч"), True),
]


def _check(number: int) -> None:
    if not 0 <= number < LIMIT:
        raise ValueError(f"{number} is outside 0 … 999 999 999 999")


def _ky_below_thousand(number: int) -> list[str]:
    hundreds, rest = divmod(number, 100)
    words = []
    if hundreds:
        words += ([KY_UNITS[hundreds]] if hundreds > 1 else []) + ["жүз"]
    tens, units = divmod(rest, 10)
    return words + [w for w in (KY_TENS[tens], KY_UNITS[units]) if w]


def spell_ky(number: int) -> str:
    """0 → "нөл", 78 000 → "жетимиш сегиз миң", 1 000 001 → "бир миллион бир"."""
    _check(number)
    if number == 0:
        return "нөл"
    words = []
    for value, name in KY_SCALES:
        count, number = divmod(number, value)
        if count:
            words += _ky_below_thousand(count) + [name]
    return " ".join(words + _ky_below_thousand(number))


def ru_plural(number: int, forms: tuple[str, str, str]) -> str:
    """The Russian form for a count: 1 сом, 2 сома, 5 сомов, 11 сомов, 21 сом."""
    if number % 100 in range(11, 20):
        return forms[2]
    return {1: forms[0], 2: forms[1], 3: forms[1], 4: forms[1]}.get(number % 10, forms[2])


def _ru_below_thousand(number: int, *, feminine: bool = False) -> list[str]:
    hundreds, rest = divmod(number, 100)
    words = [RU_HUNDREDS[hundreds]]
    if 10 <= rest < 20:
        words.append(RU_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        words += [RU_TENS[tens], (RU_UNITS_FEMALE if feminine else RU_UNITS_MALE)[units]]
    return [w for w in words if w]


def spell_ru(number: int) -> str:
    """0 → "ноль", 78 000 → "семьдесят восемь тысяч", 2 000 → "две тысячи"."""
    _check(number)
    if number == 0:
        return "ноль"
    words = []
    for value, forms, feminine in RU_SCALES:
        count, number = divmod(number, value)
        if count:
            words += _ru_below_thousand(count, feminine=feminine) + [ru_plural(count, forms)]
    return " ".join(words + _ru_below_thousand(number))


def split_som(amount) -> tuple[int, int]:
    """(som, tyiyn) of an amount, rounded to the tyiyn."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    som, tyiyn = divmod(int(value * 100), 100)
    return som, tyiyn


def group_digits(number: int) -> str:
    """78 000: groups of three joined by a narrow no-break space (never split on a line)."""
    return f"{number:,}".replace(",", "\u202f")


def som_amount(amount) -> str:
    """An amount in whole som, grouped: "12 345 678"; "—" for none."""
    if amount is None or amount == "":
        return "—"
    return group_digits(int(Decimal(str(amount)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def som_words(amount, language: str = "ky") -> str:
    """ "78 000 (жетимиш сегиз миң) сом 00 тыйын" or the Russian "… сомов 00 тыйынов"."""
    som, tyiyn = split_som(amount)
    if language == "ru":
        som_word = ru_plural(som, ("сом", "сома", "сомов"))
        tyiyn_word = ru_plural(tyiyn, ("тыйын", "тыйына", "тыйынов"))
        return f"{group_digits(som)} ({spell_ru(som)}) {som_word} {tyiyn:02d} {tyiyn_word}"
    return f"{group_digits(som)} ({spell_ky(som)}) сом {tyiyn:02d} тыйын"
