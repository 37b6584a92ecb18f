"""Word tables for the text normalizer: currencies, months, abbreviations, symbols (units:
:mod:`yuyin.text._units`, re-exported here).

Pure data; the rules that use it live in :mod:`yuyin.text._semiotic` and
:mod:`yuyin.text._words`.
"""

from __future__ import annotations

from yuyin.text._units import UNITS, UNITS_ATTACHED_ONLY  # noqa: F401 (re-exported)


def _word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a table written as a text block."""
    return frozenset(text.split())


MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# written forms (full, three-letter, "Sept") -> month number 1..12
MONTH_FORMS: dict[str, int] = {
    **{name: i for i, name in enumerate(MONTHS, start=1)},
    **{name[:3]: i for i, name in enumerate(MONTHS, start=1)},
    "Sept": 9,
}
DAYS_IN_MONTH: tuple[int, ...] = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # Feb: leap max


# currency symbol or ISO code -> (unit singular, unit plural, subunit singular, subunit plural);
# an empty subunit means amounts are read with "point" (yen has no subunit in use).
CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "\u00a3": ("pound", "pounds", "penny", "pence"),
    "\u20ac": ("euro", "euros", "cent", "cents"),
    "\u00a5": ("yen", "yen", "", ""),
    "\u20b9": ("rupee", "rupees", "paisa", "paise"),
    "\u20a9": ("won", "won", "", ""),
    "\u20bd": ("ruble", "rubles", "kopek", "kopeks"),
    "USD": ("US dollar", "US dollars", "cent", "cents"),
    "EUR": ("euro", "euros", "cent", "cents"),
    "GBP": ("pound", "pounds", "penny", "pence"),
    "JPY": ("yen", "yen", "", ""),
    # more signs and ISO codes (from a normalization audit); "PHP", "TRY" and "CAD" are left
    # out: the language, the word and the software say them more often before a number
    "\u20b1": ("peso", "pesos", "centavo", "centavos"),
    "\u20ba": ("lira", "lira", "", ""),
    "\u20b4": ("hryvnia", "hryvnias", "", ""),
    "\u20aa": ("shekel", "shekels", "agora", "agorot"),
    "\u20a6": ("naira", "naira", "kobo", "kobo"),
    "CHF": ("Swiss franc", "Swiss francs", "centime", "centimes"),
    "SEK": ("Swedish krona", "Swedish kronor", "", ""),
    "NOK": ("Norwegian krone", "Norwegian kroner", "", ""),
    "DKK": ("Danish krone", "Danish kroner", "", ""),
    # the Nordic crowns' own sign ("kr 100", "100 kr"), read as the Swedish plural, which English
    # copy uses most
    "kr": ("krona", "kronor", "", ""),
    "INR": ("rupee", "rupees", "paisa", "paise"),
    "CNY": ("yuan", "yuan", "", ""),
    "MXN": ("Mexican peso", "Mexican pesos", "centavo", "centavos"),
    "BRL": ("Brazilian real", "Brazilian reais", "centavo", "centavos"),
    "ZAR": ("rand", "rand", "cent", "cents"),
    "PLN": ("zloty", "zlotys", "", ""),
    "z\u0142": ("zloty", "zlotys", "", ""),
    "UAH": ("hryvnia", "hryvnias", "", ""),
    "RUB": ("ruble", "rubles", "kopek", "kopeks"),
    "KRW": ("won", "won", "", ""),
    "AUD": ("Australian dollar", "Australian dollars", "cent", "cents"),
}
CENT_SIGN = "\u00a2"
# a country's letters before "$", and the rupee's "Rs", written before an amount like a symbol
_DOLLAR_SUBUNITS = ("cent", "cents")
PREFIXED_CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "US$": CURRENCIES["USD"],
    **{
        prefix: (f"{country} dollar", f"{country} dollars", *_DOLLAR_SUBUNITS)
        for prefix, country in (
            *(("C$", "Canadian"), ("CA$", "Canadian"), ("A$", "Australian")),
            *(("AU$", "Australian"), ("NZ$", "New Zealand"), ("HK$", "Hong Kong")),
            ("S$", "Singapore"),
        )
    },
    "Rs.": CURRENCIES["\u20b9"],
    "Rs": CURRENCIES["\u20b9"],
    "R$": CURRENCIES["BRL"],
    "MX$": CURRENCIES["MXN"],
}

# magnitude suffix after an amount ("$1.2 million", "$5M", "$3bn") -> word
MAGNITUDES: dict[str, str] = {
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    "k": "thousand",
    "K": "thousand",
    "m": "million",
    "M": "million",
    "mn": "million",
    "mm": "million",  # finance: "$500mm"
    "bn": "billion",
    "B": "billion",
    "tn": "trillion",
    "T": "trillion",
    "lakh": "lakh",  # Indian English: a hundred thousand, ten million
    "lakhs": "lakh",
    "crore": "crore",
    "crores": "crore",
}

# Abbreviations ending in a dot. Titles precede a name and never end a sentence.
TITLES: dict[str, str] = {
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Dr": "Doctor",
    "Prof": "Professor",
    "St": "Saint",
    "Mt": "Mount",
    "Gen": "General",
    "Gov": "Governor",
    "Sen": "Senator",
    "Rep": "Representative",
    "Col": "Colonel",
    "Lt": "Lieutenant",
    "Sgt": "Sergeant",
    "Capt": "Captain",
    "Rev": "Reverend",
    "Hon": "Honorable",
    "Fr": "Father",
    "Pres": "President",
    "Ft": "Fort",  # "Ft. Lauderdale", "Ft. Worth"
}
TITLES_WITHOUT_DOT = frozenset({"Mr", "Mrs", "Ms", "Dr"})  # British style "Mr Smith"
# the reading of a title abbreviation that follows a street name ("Main St.", "Elm Dr.")
STREET_READINGS: dict[str, str] = {"St": "Street", "Dr": "Drive"}

# street types read only after a street's name, a capitalized word or an ordinal ("St. James
# Pl.", "Oak Ln.", "42nd Pl.", "Washington Sq. Park"; "S. Ct." is a court reporter)
STREET_SUFFIXES: dict[str, str] = {
    "Pl": "Place", "Ln": "Lane", "Ct": "Court", "Ter": "Terrace", "Pkwy": "Parkway",
    "Sq": "Square",
}  # fmt: skip
# abbreviations of ABBREVIATIONS that end a name, which may go on after them ("Martin Luther
# King Jr. Day", "Fifth Ave. Shops"): they end a sentence only before an opener
NAME_PART_ABBREVIATIONS = frozenset(
    {"Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "Ave", "Blvd", "Rd", "Bros", *STREET_SUFFIXES}
)
# a compass point abbreviated in an address: "350 W. 15th St."
DIRECTIONS = {"N": "North", "S": "South", "E": "East", "W": "West"}
# Other dotted abbreviations; may end a sentence (then the dot is kept as a full stop).
ABBREVIATIONS: dict[str, str] = {
    "etc": "et cetera",
    "approx": "approximately",
    "dept": "department",
    "Jr": "Junior",
    "Sr": "Senior",
    "Inc": "Incorporated",
    "Ltd": "Limited",
    "Co": "Company",
    "Corp": "Corporation",
    "Bros": "Brothers",  # "Warner Bros. Discovery"
    "Ave": "Avenue",
    "Blvd": "Boulevard",
    "Rd": "Road",
    "Hwy": "Highway",
    "Apt": "Apartment",
    "Jan": "January",
    "Feb": "February",
    "Mar": "March",
    "Apr": "April",
    "Aug": "August",
    "Sep": "September",
    "Sept": "September",
    "Oct": "October",
    "Nov": "November",
    "Dec": "December",
    "Mon": "Monday",
    "Tue": "Tuesday",
    "Tues": "Tuesday",
    "Wed": "Wednesday",
    "Thu": "Thursday",
    "Thur": "Thursday",
    "Thurs": "Thursday",
    "Fri": "Friday",
    "Sat": "Saturday",
    "govt": "government",
    "intl": "international",
    "temp": "temperature",  # inside a sentence only: "Room temp. is fine" ("hired as a temp.")
    "incl": "including",  # inside a sentence only: "300 sources, incl. several" ("VAT incl.")
}
# abbreviations of ABBREVIATIONS that are words too: at a sentence's end they are the word
WORD_ABBREVIATIONS = frozenset({"temp", "Temp", "incl", "Incl"})
# a club's name shortened without a dot after the place's name: "Man Utd", "Leeds Utd"
CLUB_ABBREVIATIONS: dict[str, str] = {"Utd": "United"}
# abbreviations read the same anywhere (matched case-insensitively) that never end a sentence
PHRASE_ABBREVIATIONS: dict[str, str] = {
    "e.g.": "for example",
    "vs.": "versus",
    "vs": "versus",
    "i.e.": "that is",
    "cf.": "compare",
    "a.k.a.": "also known as",
    "w/o": "without",
    "w/": "with",
    "Ph.D.": "P H D",
    "B.Sc.": "B S C",
    "M.Sc.": "M S C",
}
# abbreviations only expanded before a number ("No. 5", "pp. 10-12", "Fig. 3")
NUMBER_ABBREVIATIONS: dict[str, str] = {
    "No": "number",
    "Nos": "numbers",
    "Fig": "figure",
    "Figs": "figures",
    "Vol": "volume",
    "Ch": "chapter",
    "Chap": "chapter",
    "Bk": "book",
    "Sec": "section",
    "Art": "article",
    "Arts": "articles",
    "Para": "paragraph",
    "Eq": "equation",
    "Eqs": "equations",
    "pp": "pages",
    "p": "page",
    "pg": "page",
}

# abbreviations of numbered places read before a number, with or without their dot ("Rm 204",
# "Hwy. 101", "Bldg 7"); the number is read in pairs after the word (:mod:`yuyin.text._ranges`)
PLACE_ABBREVIATIONS: dict[str, str] = {
    "Rm": "Room", "Hwy": "Highway", "Rte": "Route", "Bldg": "Building", "Ste": "Suite",
    "Apt": "Apartment",
}  # fmt: skip

# Roman numerals: a name from this list followed by a numeral reads "the <ordinal>"
REGNAL_NAMES = _word_set(
    """
    Alexander Alfonso Amenhotep Anne Antiochus Benedict Boniface Casimir Catherine Charles
    Christian Clement Constantine Edward Elizabeth Ferdinand Francis Frederick George Gregory
    Gustav Gustavus Haakon Harald Henry Innocent Ivan James John Juan Leo Leopold Louis Ludwig
    Manuel Mary Mehmed Napoleon Nicholas Olaf Otto Paul Pedro Peter Philip Pius Ptolemy Ramesses
    Ramses Richard Robert Rudolf Selim Stephen Sixtus Suleiman Urban Victor Wilhelm William
    """
)
# a numeral after one of these words (any case) reads as a cardinal: "World War II" -> "two"
ROMAN_CARDINAL_CONTEXT = _word_set(
    """
    act appendix article book bowl canto chapter class episode grade level part phase psalm round
    schedule scene season section series stage title tier track unit volume vol war
    """
)

# all-caps tokens of 2-4 letters that are read as words, not spelled (see normalize.py)
ACRONYM_WORDS = _word_set(
    """
    AIDS ASAP AWOL CAD CAPTCHA COVID DARPA FEMA FIFA GIF HUD IKEA JPEG LAN LASER LED MAX MIDI NAFTA
    NASA NATO NASCAR NOAA OPEC PIN RAM RADAR ROM SARS SCUBA SIM SWAT UEFA UNESCO UNICEF WAN ZIP
    """
)
# short English words often written in capitals for emphasis: never spelled (the list above
# and the 400 most frequent 2-4 letter words of the shipped prompts, less SAT, MA, LO, ACT,
# SIN, ARK and YE, which are as often acronyms or archaic, and a few of today's signs)
CAPITALIZED_WORDS = _word_set(
    """
    STOP HELP NOTE FREE SALE EXIT PUSH PULL SLOW COOL NICE WARN
    A ABLE AGE AGO AIR ALL ALSO AM AN AND ANY ARE ARM ART AS ASK AT AUNT AWAY BACK BAD BALL
    BARE BE BEAR BED BEEN BEG BEST BODY BOOK BORN BOTH BOW BUT BY CALL CAME CAMP CAN CARE CASE
    CAST CITY COLD COME CRY CUT DARE DAY DAYS DEAD DEAL DEAR DEEP DID DIE DIED DO DOES DON DONE
    DOOR DOTH DOWN DRAW DREW DRY DUE DUST DUTY EACH EAR EARS EASE EAST EASY EAT ELSE END EVEN
    EVER EVIL EYE EYES FACE FACT FAIL FAIR FALL FAR FAST FEAR FEEL FEET FELL FELT FEW FIND FINE
    FIRE FIT FIVE FLED FLEE FOND FOOL FOOT FOR FOUR FREE FROM FULL GATE GAVE GET GIRL GIVE GLAD
    GO GOD GODS GOLD GONE GOOD GOT GREW HAD HAIR HALF HAND HARD HAS HAST HATE HATH HAVE HE HEAD
    HEAR HELD HELP HER HERE HID HIGH HIM HIS HOLD HOLY HOME HOPE HOST HOUR HOW HURT I IDEA IF
    ILL IN INTO IS IT ITS JOY JUST KEEP KEPT KILL KIND KING KNEW KNOW LADY LAID LAND LAST LATE
    LAW LAY LEAD LED LEFT LESS LEST LET LIE LIFE LIFT LIKE LION LIPS LIVE LONG LOOK LORD LOSE
    LOSS LOST LOT LOVE LOW MADE MAKE MAN MANY MAY ME MEAN MEAT MEET MEN MET MIND MINE MORE MOST
    MOVE MUCH MUST MY NAME NEAR NEED NEW NEWS NEXT NO NONE NOR NOT NOW ODD OF OFF OH OIL OLD ON
    ONCE ONE ONES ONLY OPEN OR OUR OUT OVER OWN PAIN PAPA PART PASS PAST PAY PITY PLAN PLAY
    POOR PRAY PURE PUT RAIN RAN READ REAL REST RICH RISE ROCK ROOM ROSE RULE RUN SAD SAFE SAID
    SAKE SAME SAVE SAW SAY SAYS SEA SEE SEED SEEK SEEM SEEN SELF SEND SENT SET SHE SHEW SHIP
    SHUT SICK SIDE SING SINS SIR SIT SIX SLAY SLEW SO SOME SON SONG SONS SOON SORE SORT SOUL
    STAY SUCH SUN SURE TAKE TALK TELL TEN TENT THAN THAT THE THEE THEM THEN THEY THIS THOU THUS
    THY TILL TIME TO TOLD TONE TOO TOOK TOWN TREE TRUE TRY TURN TWO UNTO UP UPON US USE USED
    VAIN VERY VIEW WAIT WALK WALL WANT WAR WARM WAS WAY WAYS WE WEAK WEEK WELL WENT WEPT WERE
    WHAT WHEN WHO WHOM WHY WIFE WILD WILL WILT WIND WINE WISE WISH WITH WOOD WORD WORK YEA YEAR
    YES YET YOU YOUR
    """
)
SPECIAL_ACRONYMS: dict[str, str] = {"OK": "okay", "WWI": "World War one", "WWII": "World War two"}
# words of that list that, written in capitals inside mixed-case text, are initials: the
# phonemizer spells them ("the US economy", "The WHO said"); in all-caps text "WHO" is a word,
# "US" as below
SPELLED_IN_MIXED_CASE = frozenset({"US", "WHO"})
# in all-caps text (a headline) "US" is the country at a clause's start, after "THE" and before
# a noun ("US STOCKS FALL", "THE US AND CHINA", "FLIGHTS TO US CITIES"), and after a verb of the
# news ("CHINA WARNS US"); elsewhere the pronoun ("LET US PRAY", "VISIT US", "COME WITH US",
# "JOIN US TODAY", "GOD BLESS US, EVERY ONE")
US_PRONOUN_ALWAYS = frozenset({"LET", "LETS"})
US_HEADLINE_VERBS = _word_set(
    """
    WARNS URGES SLAMS SUES BLAMES ACCUSES CRITICIZES CRITICISES JOINS LEAVES HITS THREATENS
    BEATS TOPS TRAILS BACKS PRESSES TELLS VISITS REJECTS DEFIES CONDEMNS SANCTIONS ATTACKS
    OVERTAKES SURPASSES RESTRICTS BANS THANKS PRAISES SNUBS
    """
)
US_PRONOUN_NEXT = _word_set(  # words that may follow the pronoun, not the country
    """
    AND OR BUT TO THE A AN IN ON AT FOR WITH ALL BOTH TOO AGAIN NOW TODAY TONIGHT HERE THERE
    BACK OUT UP DOWN OFF AWAY ALONE SO WHAT HOW WHY WHEN MORE
    """
)
# words that follow the pronoun in mixed-case text, not the country ("Send US a message", "All of
# US must vote", "Ask US anything", "Write to US soon"): the headline words and function words
US_OBJECT_NEXT = US_PRONOUN_NEXT | _word_set(
    """
    THIS THAT THESE THOSE MY YOUR HIS HER ITS OUR THEIR SOME ANY NO EVERY EACH NOTHING ANYTHING
    SOMETHING EVERYTHING I YOU HE SHE IT WE THEY ME HIM THEM EVERYONE ANYONE SOMEONE NOBODY
    OF FROM BY ABOUT INTO ONTO OVER UNDER THROUGH AFTER BEFORE BETWEEN AS LIKE THAN NOR YET IF
    MUST WILL CAN SHOULD WOULD COULD MAY MIGHT SHALL NEED ARE WERE SOON ALWAYS NEVER YES PLEASE
    FIRST LATER TOMORROW TOGETHER ONCE TWICE
    """
)

# words of well-known URL parts that are spelled letter by letter
SPELLED_URL_PARTS = frozenset({"www", "http", "https", "ftp", "ftps", "sftp"})
# top-level domains that mark a bare "name.tld" token as a web address
WEB_DOMAINS = _word_set(
    """
    com org net edu gov mil int io ai co uk us de fr jp cn ru in br au ca nl se no es it ch info
    biz app dev tv me ly gl
    """
)
# punctuation inside URLs and e-mail addresses -> spoken word
URL_SYMBOLS: dict[str, str] = {
    ".": "dot",
    "/": "slash",
    ":": "colon",
    "-": "dash",
    "_": "underscore",
    "?": "question mark",
    "=": "equals",
    "&": "and",
    "#": "hash",
    "%": "percent",
    "~": "tilde",
    "+": "plus",
    "@": "at",
}

# stand-alone symbols -> spoken words (after URLs, e-mails, money, percent and units)
SYMBOLS: dict[str, str] = {
    "&": "and",
    "+": "plus",
    "=": "equals",
    "@": "at",
    "%": "percent",
    "\u00b0": "degrees",
    "\u00d7": "times",
    "\u00f7": "divided by",
    "\u00b1": "plus or minus",
    "\u00a7": "section",
    "\u00a9": "copyright",
    "<": "less than",
    ">": "greater than",
    "\u2192": "to",
}
HASH_BEFORE_NUMBER = "number"  # "#1" -> "number one"
HASH_WORD = "hash"  # a "#" no rule reads otherwise (a hashtag is "hashtag": _measures)
TILDE_BEFORE_NUMBER = "about"  # "~5 km" -> "about five kilometers"
# symbols with no spoken form: replaced by a space (TTS) so words either side stay apart
SILENT_SYMBOLS = "*\\|^`~_[]{}/"

# typographic punctuation -> ASCII (applied before everything else)
ASCII_PUNCTUATION: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # en dash: ranges "1990-1995"
    "\u2212": "-",  # minus sign
    "\u2014": " - ",  # em dash: a pause between words
    "\u2015": " - ",
    "\u2026": "...",
    "\u2044": "/",  # fraction slash: NFKC writes "½" as "1⁄2"
    "\u2022": " ",
    "\u00b7": " ",
}
