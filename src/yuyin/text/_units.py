"""The unit table of the text normalizer: units as written after a number -> (singular, plural).

Data, re-exported by :mod:`yuyin.text._tables`, what an amount is counted by after a slash
(:data:`PER_TIME`, :data:`PER_THING`, :data:`SLASH_ONLY_UNITS`), :func:`pascals_after`, the
test for a bare "Pa", and :func:`watts_after`, the one for a spaced "W"; the rules that use
them live in :mod:`yuyin.text._semiotic` and :mod:`yuyin.text._measures`.
"""

from __future__ import annotations

import re

from yuyin.text._sentence_window import sentence_around

# unit as written -> (singular, plural). Matched case-sensitively right after a number.
UNITS: dict[str, tuple[str, str]] = {
    # length
    "km": ("kilometer", "kilometers"),
    "m": ("meter", "meters"),
    "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"),
    "\u03bcm": ("micrometer", "micrometers"),  # NFKC turns the micro sign into Greek mu
    "nm": ("nanometer", "nanometers"),
    "mi": ("mile", "miles"),
    "ft": ("foot", "feet"),
    "yd": ("yard", "yards"),
    # area and volume
    "km2": ("square kilometer", "square kilometers"),  # km² after NFKC
    "m2": ("square meter", "square meters"),
    "m3": ("cubic meter", "cubic meters"),
    "L": ("liter", "liters"),
    "ml": ("milliliter", "milliliters"),
    "mL": ("milliliter", "milliliters"),
    "gal": ("gallon", "gallons"),
    # mass
    "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"),
    "mg": ("milligram", "milligrams"),
    "mEq": ("milliequivalent", "milliequivalents"),
    "\u03bcg": ("microgram", "micrograms"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    # speed
    "mph": ("mile per hour", "miles per hour"),
    "mpg": ("mile per gallon", "miles per gallon"),
    "ppm": ("part per million", "parts per million"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "m/s": ("meter per second", "meters per second"),
    # time
    "ms": ("millisecond", "milliseconds"),
    "\u03bcs": ("microsecond", "microseconds"),
    "sec": ("second", "seconds"),
    "min": ("minute", "minutes"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    # temperature and angle
    "\u00b0C": ("degree Celsius", "degrees Celsius"),
    "\u00b0F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "\u00b0": ("degree", "degrees"),
    # electricity, frequency, power, data
    "V": ("volt", "volts"),
    "kV": ("kilovolt", "kilovolts"),
    "mA": ("milliampere", "milliamperes"),
    "W": ("watt", "watts"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "dB": ("decibel", "decibels"),
    "KB": ("kilobyte", "kilobytes"),
    "kB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "mAh": ("milliampere hour", "milliampere hours"),
    # area written out
    "sq ft": ("square foot", "square feet"),
    "sq. ft.": ("square foot", "square feet"),
    "sq m": ("square meter", "square meters"),
    "sq km": ("square kilometer", "square kilometers"),
    "sq mi": ("square mile", "square miles"),
    # scores
    "pts": ("point", "points"),
    # news and recipes
    "yds": ("yard", "yards"),
    "yr": ("year", "years"),
    "wk": ("week", "weeks"),
    "wks": ("week", "weeks"),
    "yrs": ("year", "years"),
    "mins": ("minute", "minutes"),
    "secs": ("second", "seconds"),
    "bp": ("basis point", "basis points"),
    "bps": ("basis point", "basis points"),
    "pct": ("percent", "percent"),
    "bbl": ("barrel", "barrels"),
    "tbsp": ("tablespoon", "tablespoons"),
    "tsp": ("teaspoon", "teaspoons"),
    # medicine, engineering, networks, sports (from a normalization audit)
    "mcg": ("microgram", "micrograms"),
    "\u03bcL": ("microliter", "microliters"),
    "\u03bcM": ("micromolar", "micromolar"),
    "dL": ("deciliter", "deciliters"),
    "mmHg": ("millimeter of mercury", "millimeters of mercury"),
    "bpm": ("beat per minute", "beats per minute"),
    "h": ("hour", "hours"),
    "psi": ("pound per square inch", "pounds per square inch"),
    "GW": ("gigawatt", "gigawatts"),
    "GWh": ("gigawatt hour", "gigawatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"),
    "kbps": ("kilobit per second", "kilobits per second"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "ppg": ("point per game", "points per game"),
    "reb": ("rebound", "rebounds"),
    "ast": ("assist", "assists"),
    "fps": ("frame per second", "frames per second"),
    "Tbsp": ("tablespoon", "tablespoons"),
    "Tbsps": ("tablespoon", "tablespoons"),
    "qt": ("quart", "quarts"),
    "qts": ("quart", "quarts"),
    "fl oz": ("fluid ounce", "fluid ounces"),
    "kcal": ("kilocalorie", "kilocalories"),
    "kJ": ("kilojoule", "kilojoules"),  # "890 kJ/mol" (a seventh audit)
    "sqft": ("square foot", "square feet"),
    "mM": ("millimolar", "millimolar"),
    "hPa": ("hectopascal", "hectopascals"),
    "inHg": ("inch of mercury", "inches of mercury"),
    "nmi": ("nautical mile", "nautical miles"),
    # chemistry, volume written out, torque (from a second audit)
    "mol": ("mole", "moles"),
    "mmol": ("millimole", "millimoles"),
    "\u03bcmol": ("micromole", "micromoles"),
    "nmol": ("nanomole", "nanomoles"),
    "cu ft": ("cubic foot", "cubic feet"),
    "cu. ft.": ("cubic foot", "cubic feet"),
    "cu in": ("cubic inch", "cubic inches"),
    "cu. in.": ("cubic inch", "cubic inches"),
    "cu yd": ("cubic yard", "cubic yards"),
    "cu. yd.": ("cubic yard", "cubic yards"),
    "in-lb": ("inch-pound", "inch-pounds"),
    "in-lbs": ("inch-pound", "inch-pounds"),
    "ft-lb": ("foot-pound", "foot-pounds"),
    "ft-lbs": ("foot-pound", "foot-pounds"),
    "lb-ft": ("pound-foot", "pound-feet"),
    "Nm": ("newton meter", "newton meters"),
    # pressure and engine speed (from a third audit; "hPa" is above, "Pa." with a dot may be
    # Pennsylvania, which the state rules read first)
    "Pa": ("pascal", "pascals"),
    "kPa": ("kilopascal", "kilopascals"),
    "MPa": ("megapascal", "megapascals"),
    "GPa": ("gigapascal", "gigapascals"),
    "rpm": ("R P M", "R P M"),  # spelled, as the capitals "RPM" are
    # screens, prints and lab values (from a sixth audit; "PPI" in capitals is a price index)
    "ppi": ("pixel per inch", "pixels per inch"),
    "dpi": ("dot per inch", "dots per inch"),
    "ng": ("nanogram", "nanograms"),
    # particle and photon energies ("125 GeV", "13.6 TeV", "a 1.1 eV band gap")
    "eV": ("electron volt", "electron volts"),
    "keV": ("kilo electron volt", "kilo electron volts"),
    "MeV": ("mega electron volt", "mega electron volts"),
    "GeV": ("giga electron volt", "giga electron volts"),
    "TeV": ("tera electron volt", "tera electron volts"),
}

# speeds written with "/s": "km/s" -> "kilometers per second" ("m/s" is in the table)
UNITS |= {
    f"{unit}/s": (f"{UNITS[unit][0]} per second", f"{UNITS[unit][1]} per second")
    for unit in ("km", "cm", "mm", "ft", "mi")
}

# area and volume in feet, inches ... ("ft²" -> "ft2" after NFKC: "square feet", as "m2" is)
UNITS |= {
    f"{unit}{n}": (f"{kind} {one}", f"{kind} {many}")
    for unit, one, many in (("ft", "foot", "feet"), ("in", "inch", "inches"), ("yd", "yard",
        "yards"), ("mi", "mile", "miles"), ("cm", "centimeter", "centimeters"), ("mm",
        "millimeter", "millimeters"))
    for n, kind in (("2", "square"), ("3", "cubic"))
}  # fmt: skip

# what an amount is counted by after a slash, as written -> as said ("$1,500/month", "$78/bbl",
# "20 ng/mL"); time words take "a"/"an", others "per" (:mod:`yuyin.text._measures`)
PER_TIME: dict[str, str] = {
    "year": "year",
    "yr": "year",
    "month": "month",
    "mo": "month",
    "week": "week",
    "wk": "week",
    "day": "day",
    "night": "night",
    "hour": "hour",
    "hr": "hour",
    "minute": "minute",
    "min": "minute",
}
PER_THING: dict[str, str] = {
    "share": "share",
    "person": "person",
    "head": "head",
    "unit": "unit",
    "ticket": "ticket",
    "seat": "seat",
    "barrel": "barrel",
    "bbl": "barrel",
    "doz": "dozen",
    "oz": "ounce",
    "ounce": "ounce",
    "lb": "pound",
    "pound": "pound",
    "kg": "kilogram",
    "kilo": "kilo",
    "g": "gram",
    "ton": "ton",
    "tonne": "tonne",
    "gallon": "gallon",
    "gal": "gallon",
    "liter": "liter",
    "litre": "litre",
    "L": "liter",
    "sq ft": "square foot",
    "sqft": "square foot",
    "ft": "foot",
    "foot": "foot",
    "m2": "square meter",
    "m3": "cubic meter",
    "mile": "mile",
    "mi": "mile",
    "km": "kilometer",
    "kWh": "kilowatt hour",
    "MWh": "megawatt hour",
    "dL": "deciliter",
    "dl": "deciliter",
    "mL": "milliliter",
    "ml": "milliliter",
    "\u03bcL": "microliter",
    "mol": "mole",  # "890 kJ/mol", "18 g/mol"
}
# units said as such only before a slash: "100 pg/mL" is picograms per milliliter, a bare "300
# pg" more often pages
SLASH_ONLY_UNITS: dict[str, tuple[str, str]] = {"pg": ("picogram", "picograms")}

# single capitals that name a unit only when glued to the number ("60W"): with a space they are
# more often compass points or labels ("Route 66 W"); "12 V" is volts either way
UNITS_ATTACHED_ONLY = frozenset({"W"})


# a bare "Pa" is more often "Pa" the father or Pennsylvania ("In 1952 Pa bought a farm", "At 6 Pa
# came home"): pascals only after a number with a thousands comma, a decimal point or five digits
# or more ("101,325 Pa", "2.5 Pa", "20000 Pa"), or in a sentence about pressure ("500 Pa of
# pressure"); never after a four-digit number, which may be a year
_PRESSURE_WORDS = re.compile(r"(?i:\b(?:pressure|stress|vacuum|pascals?|barometric)\b)")
_SENTENCE_REACH = 300  # characters each side of a bare "Pa" that its sentence is looked for in


def _sentence_of(text: str, start: int) -> str:
    """The sentence around ``start``, looked for within :data:`_SENTENCE_REACH` each side."""
    left, right = sentence_around(text, start, start, _SENTENCE_REACH, _SENTENCE_REACH)
    return left + right


# a spaced "W" after a number is watts only in a sentence about power ("draws up to 450 W under
# load", "rated at 65 W") and not before what a compass point or a letter comes before ("450 W
# 57th St", "12 W Main St", "3 W's", "5 W of the dam")
_POWER_WORDS = re.compile(
    r"\b(?:draws?|drawing|drew|consum\w*|rated|rating|watts?|wattage|power\w*|charg\w*|loads?"
    r"|PSU|TDP|bulbs?|amplifiers?|amps?|solar|panels?|motors?|lasers?|speakers?|heaters?"
    r"|LEDs?|GPUs?|CPUs?|inverters?|adapters?|electric\w*|output|outputs)\b"
)
_NOT_WATTS_AFTER = re.compile(r"\s*(?:'|\.?\s*[0-9A-Z]|\s+of\b)")
# a label's number before a compass letter: "Gate 5 W", "Exit 12 W", "Route 66 W"
_LABEL_BEFORE = re.compile(
    r"(?<![\w])(?i:gate|route|exit|highway|hwy|interstate|platform|terminal|suite|room|pier"
    r"|dock|level|floor|box|lot|row|section|unit) \Z"
)


def watts_after(text: str, start: int, end: int) -> bool:
    """Whether a spaced "W" after a number (from ``start`` to ``end`` in ``text``) is watts."""
    if _NOT_WATTS_AFTER.match(text, end) or _LABEL_BEFORE.search(text, max(0, start - 16), start):
        return False
    return bool(_POWER_WORDS.search(_sentence_of(text, start)))


def pascals_after(num: str, text: str, start: int) -> bool:
    """Whether a bare "Pa" after the number ``num`` (at ``start`` in ``text``) is pascals."""
    digits = num.lstrip("+-\u2212")
    if "," in digits or "." in digits or len(digits) >= 5:
        return True
    if len(digits) == 4:
        return False
    return bool(_PRESSURE_WORDS.search(_sentence_of(text, start)))
