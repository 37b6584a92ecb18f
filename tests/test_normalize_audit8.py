"""Readings of an eighth audit (bench/normalize_audit/sentences8.tsv): a thread's counter in
brackets after the thread emoji ("🧵 (1/5)"), "incl.", a street's "Pl.", "5th c. BCE", units of
electron volts ("125 GeV"), a bare "W" after a number in a sentence about power, money before
its noun ("a $0.25 quarterly dividend", "the $7B-$8B range"), "on 7/4", "iOS", "UNHCR", "Pub.
L.", a Windows path, a short option after a command ("git commit -m"), a team's record ("are
10-2"), chat words ("2day", "2nite", "nite", "ur", "u", "pw", "fyi", "jk", "sat", "tix"); each
rule with the text it must leave as it was (recorded before the rules were written)."""

from __future__ import annotations

import pytest

from text_timing import grows_linearly
from yuyin.text.normalize import normalize_for_tts

THREADS = [
    (
        "Quick thread on what went wrong yesterday \U0001f9f5 (1/5)",
        "Quick thread on what went wrong yesterday (one of five)",
    ),
    ("Quick thread \U0001f9f5 (2/10)", "Quick thread (two of ten)"),
    ("Here we go \U0001f9f5(3/7)", "Here we go (three of seven)"),
]
THREADS_UNCHANGED = [
    ("my best tips \U0001f9f5 1/10", "my best tips, one of ten"),
    ("Quick thread \U0001f9f5 1/5", "Quick thread, one of five"),
    ("A thread (1/5)", "A thread (one fifth)"),
    ("Sew it \U0001f9f5 (6/5)", "Sew it (six five)"),
]

INCLUDING = [
    (
        "The dissertation cites over 300 sources, incl. several unpublished manuscripts.",
        "The dissertation cites over three hundred sources, including several unpublished "
        "manuscripts.",
    ),
    ("Price $40 incl. tax.", "Price forty dollars including tax."),
    ("All fees incl. shipping are due.", "All fees including shipping are due."),
]
INCLUDING_UNCHANGED = [
    ("Prices are VAT incl.", "Prices are V A T incl."),
    ("Prices incl. VAT.", "Prices incl. V A T."),
    ("The incline was steep.", "The incline was steep."),
    ("See the incl file.", "See the incl file."),
]

PLACES = [
    (
        "The pharmacy on St. Mark's Pl. closes at 10 p.m. on weekdays.",
        "The pharmacy on Saint Mark's Place closes at ten p m on weekdays.",
    ),
    ("They met at St. James's Sq. today.", "They met at Saint James's Square today."),
    ("We live on St Mark's Pl.", "We live on St Mark's Place."),
]
PLACES_UNCHANGED = [
    ("He lives at 12 Astor Pl. in Manhattan.", "He lives at twelve Astor Place in Manhattan."),
    ("See Pl.'s Mot. at 3.", "See Pl.'s Mot. at three."),
    ("The Smith's Ct. ruling.", "The Smith's Ct. ruling."),
    ("See pl. 3 for the map.", "See pl. three for the map."),
    ("The word is pl. of mouse.", "The word is pl. of mouse."),
    ("Pl. see attached.", "Pl. see attached."),
]

CENTURIES = [
    (
        "The museum holds artifacts from the 5th c. BCE.",
        "The museum holds artifacts from the fifth century B C E.",
    ),
    ("From the 3rd c. AD onward.", "From the third century A D onward."),
    ("In the 12th c., monks came.", "In the twelfth century, monks came."),
    ("Built in the 5th c.", "Built in the fifth century."),
    ("Built in the 5th c. The church fell.", "Built in the fifth century. The church fell."),
    ("by the 4th c. B.C.", "by the fourth century B C."),
]
CENTURIES_UNCHANGED = [
    ("Add 1 c. of milk.", "Add one cup of milk."),
    ("the 2nd c. of flour", "the second c. of flour"),
    ("It dates to c. 500 BC.", "It dates to circa five hundred B C."),
    ("The 5th c-section this week.", "The fifth c-section this week."),
]


ELECTRON_VOLTS = [
    (
        "The particle's mass is about 125 GeV.",
        "The particle's mass is about one hundred twenty-five giga electron volts.",
    ),
    (
        "Electrons at 5 MeV and 20 keV.",
        "Electrons at five mega electron volts and twenty kilo electron volts.",
    ),
    ("The LHC runs at 13.6 TeV.", "The L H C runs at thirteen point six tera electron volts."),
    ("A 2 eV photon gap.", "A two electron volt photon gap."),
]
ELECTRON_VOLTS_UNCHANGED = [
    ("The Eve project had 5 Eve members.", "The Eve project had five Eve members."),
    ("The 5 EV chargers were full.", "The five E V chargers were full."),
]

WATTS = [
    (
        "The RTX 4090 draws up to 450 W under load.",
        "The R T X forty ninety draws up to four hundred fifty watts under load.",
    ),
    ("The charger is rated at 65 W.", "The charger is rated at sixty-five watts."),
    ("The PSU delivers 750 W.", "The P S U delivers seven hundred fifty watts."),
    ("Use a 100 W bulb in the lamp.", "Use a one hundred-watt bulb in the lamp."),
    (
        "The motor draws 200 W at full load and 50 W idle.",
        "The motor draws two hundred watts at full load and fifty watts idle.",
    ),
]
WATTS_UNCHANGED = [
    ("The office is at 450 W 57th St.", "The office is at four fifty West fifty-seventh Street."),
    (
        "Power went out at 450 W 57th St.",
        "Power went out at four fifty West fifty-seventh Street.",
    ),
    ("The 12 W Main St. store.", "The twelve West Main Street store."),
    ("It is 3 W of here.", "It is three W of here."),
    ("The power plant is 5 W of the dam.", "The power plant is five W of the dam."),
    ("Mind your 3 W's.", "Mind your three W's."),
    ("Head 5 W on Route 9.", "Head five W on Route nine."),
    ("The charger was at Gate 5 W.", "The charger was at Gate five W."),
    ("Take the charger to Exit 12 W.", "Take the charger to Exit twelve W."),
    ("A 65W charger.", "A sixty-five-watt charger."),
]


MONEY_BEFORE_NOUNS = [
    (
        "The board approved a 3-for-1 stock split and a $0.25 quarterly dividend.",
        "The board approved a three-for-one stock split and a twenty-five cent quarterly dividend.",
    ),
    ("a $0.99 app", "a ninety-nine cent app"),
    ("The $0.25 dividend was paid.", "The twenty-five cent dividend was paid."),
    (
        "The CFO said capex would be in the $7B\u2013$8B range in FY2025.",
        "The C F O said capex would be in the seven billion to eight billion dollar range in F Y "
        "twenty twenty-five.",
    ),
    (
        "The IPO priced at $34 a share, above its $30-$32 range.",
        "The I P O priced at thirty-four dollars a share, above its thirty to thirty-two dollar "
        "range.",
    ),
    ("a $5 to $10 donation", "a five to ten dollar donation"),
    ("a $1.5M-$2M home", "a one point five million to two million dollar home"),
]
MONEY_BEFORE_NOUNS_UNCHANGED = [
    ("It costs $0.25 per share.", "It costs twenty-five cents per share."),
    ("The price was $0.25 in 1990.", "The price was twenty-five cents in nineteen ninety."),
    ("a $4.99 lunch", "a four dollars and ninety-nine cents lunch"),
    ("the $0.25 it raised", "the twenty-five cents it raised"),
    ("a \u00a30.50 coin", "a fifty pence coin"),
    ("a $0.00 balance", "a zero dollars balance"),
    ("Tickets range from $5-$10.", "Tickets range from five dollars to ten dollars."),
    (
        "The salary range is $80K-$100K.",
        "The salary range is eighty thousand dollars to one hundred thousand dollars.",
    ),
    ("the $5-$10 raised for charity", "the five dollars to ten dollars raised for charity"),
    ("The $5-$10 it costs is fine.", "The five dollars to ten dollars it costs is fine."),
    ("a $4.50-$5.50 lunch", "a four dollars and fifty cents to five dollars and fifty cents lunch"),
    ("the $5-$10 in fees", "the five dollars to ten dollars in fees"),
    ("It costs $5-$10 each.", "It costs five dollars to ten dollars each."),
]


CHAT = [
    ("gr8 game last nite, ur team was on fire", "great game last night, your team was on fire"),
    ("2day was the best day ever!!!", "today was the best day ever!!!"),
    ("who's up for pizza 2nite?", "who's up for pizza tonight?"),
    ("fyi the wifi pw is on the fridge", "F Y I the wifi password is on the fridge"),
    ("jk jk, love u guys", "just kidding just kidding, love you guys"),
    ("can u send me the pics from sat?", "can you send me the pics from Saturday?"),
    (
        "Need 2 tix for Sat's show, anyone selling?",
        "Need two tickets for Saturday's show, anyone selling?",
    ),
    (
        "Just hit 10k followers!! Thank u all so much \u2764\ufe0f",
        "Just hit ten thousand followers!! Thank you all so much",
    ),
    ("See u at 7!", "See you at seven!"),
    ("Thx for the b-day wishes everyone!! \U0001f389", "Thanks for the birthday wishes everyone!!"),
    ("see you on sat night", "see you on Saturday night"),
    ("Enter your pw here.", "Enter your password here."),
    ("lol idk what ur talking about tbh", "lol I D K what you're talking about T B H"),
    ("ur thing is weird", "your thing is weird"),
]
CHAT_UNCHANGED = [
    ("Set pw = 5.", "Set pw equals five."),
    ("The pw field is required.", "The pw field is required."),
    ("The jk flip-flop.", "The jk flip-flop."),
    ("Use the jk keys to move.", "Use the jk keys to move."),
    ("The ur-text of the poem.", "The ur-text of the poem."),
    ("Let u be a vector.", "Let u be a vector."),
    ("the letter u is a vowel", "the letter u is a vowel"),
    ("x, y and u are variables", "x, y and u are variables"),
    ("Make a U-turn here.", "Make a U-turn here."),
    ("Section 3(u) applies.", "Section three U applies."),
    ("Post it on u/reddit.", "Post it on u reddit."),
    ("we sat on the bench", "we sat on the bench"),
    ("She sat down.", "She sat down."),
    ("this sat well with me", "this sat well with me"),
    ("from sat to sun", "from sat to sun"),
    ("The SAT's format changed.", "The S A T's format changed."),
    ("The 2day event sold out.", "The two day event sold out."),
    ("The B-Day schedule.", "The B-Day schedule."),
    ("Nite Owl is a hero.", "Nite Owl is a hero."),
    ("Ur was a city in Mesopotamia.", "Ur was a city in Mesopotamia."),
    ("J.K. Rowling wrote it.", "J K Rowling wrote it."),
    ("The PW index rose.", "The P W index rose."),
]


SHORT_OPTIONS = [
    ("Use git commit -m to add a short message.", "Use git commit dash m to add a short message."),
    ('Use git commit -am "fix" to commit.', 'Use git commit dash a m "fix" to commit.'),
    ("Run pip install -r requirements.txt.", "Run pip install dash r requirements dot T X T."),
    ("git log -p shows patches.", "git log dash p shows patches."),
    ("Run docker ps -a to list them.", "Run docker ps dash a to list them."),
]
SHORT_OPTIONS_UNCHANGED = [
    ("Run rm -rf node_modules.", "Run rm -rf node modules."),
    ("Temperatures of -5 at night.", "Temperatures of minus five at night."),
    ("Use git for version control -it is great.", "Use git for version control -it is great."),
    ("The git repo was big -really big.", "The git repo was big -really big."),
    ("I use git -- a lot.", "I use git -- a lot."),
    ("Install it with pip - it is easy.", "Install it with pip - it is easy."),
    ("Use npm i -g yarn.", "Use N P M i -g yarn."),
    (
        "Use git pull --rebase before pushing your changes.",
        "Use git pull dash dash rebase before pushing your changes.",
    ),
]


# a review's sentences written to break the rules above: these read as before them
# a team's record before "and" and its next verb (the near misses read as before the rule)
RECORDS = [
    (
        "The Chiefs are 10-2 and lead the AFC West.",
        "The Chiefs are ten and two and lead the A F C West.",
    ),
    (
        "The Lakers are 2-1 and host Boston tonight.",
        "The Lakers are two and one and host Boston tonight.",
    ),
]
RECORDS_UNCHANGED = [
    ("The odds are 3-1 and rising.", "The odds are three to one and rising."),
    (
        "The Bulls are 3-2 favorites and lead the series.",
        "The Bulls are three to two favorites and lead the series.",
    ),
    ("The votes are 52-48 and hold.", "The votes are fifty-two to forty-eight and hold."),
]

# a month and day of the first ten after "on" in a sentence of a game, a show, fireworks ...
DATES = [
    (
        "The Mets won 7-4 on 7/4 in front of a sellout crowd.",
        "The Mets won seven to four on July fourth in front of a sellout crowd.",
    ),
    ("We met on 7/4 in Boston.", "We met on July fourth in Boston."),
    ("Fireworks on 7/4!", "Fireworks on July fourth!"),
]
DATES_UNCHANGED = [
    ("Bet on 7/4 at the track.", "Bet on seven four at the track."),
    ("The match on 3/5 is a rematch.", "The match on three fifths is a rematch."),
    ("The crowd on 1/4 of the seats.", "The crowd on one quarter of the seats."),
    ("We met on 7/4 out of town.", "We met on seven four out of town."),
    ("The game ended 7/4 on points.", "The game ended seven four on points."),
]

# a public law's number after "No." ("Pub. L. No. 117-169"): the law's reading, "Number" kept
PUBLIC_LAWS = [
    (
        "The statute was amended by Pub. L. No. 117-169.",
        "The statute was amended by Public Law Number one seventeen dash one sixty-nine.",
    ),
    (
        "Public Law No. 117-169 was signed.",
        "Public Law Number one seventeen dash one sixty-nine was signed.",
    ),
]
PUBLIC_LAWS_UNCHANGED = [
    (
        "Public Law 117-169 was signed.",
        "Public Law one seventeen dash one sixty-nine was signed.",
    ),
    ("P. No. 3-4 was next.", "P. Number three to four was next."),
    ("Pub. L. No. 5 of them", "Pub. L. Number five of them"),
]

# a Windows path from its drive, each backslash said (it was dropped)
WINDOWS_PATHS = [
    (
        "Open C:\\Program Files\\App\\config.ini in Notepad.",
        "Open C colon backslash Program Files backslash App backslash config dot ini in Notepad.",
    ),
    ("Save it to D:\\backup.", "Save it to D colon backslash backup."),
    (
        "Go to C:\\Users\\Ann\\Documents\\ and look.",
        "Go to C colon backslash Users backslash Ann backslash Documents backslash and look.",
    ),
]
WINDOWS_PATHS_UNCHANGED = [
    ("Drive C: is full.", "Drive C: is full."),
    ("Plan B: go home.", "Plan B: go home."),
    ("Type a\\b.", "Type a b."),
]

REVIEW_UNCHANGED = [
    ("Vitamin u is not a thing.", "Vitamin u is not a thing."),
    ("He wrote u on the board.", "He wrote u on the board."),
    ("Is it spelled with a u or an o?", "Is it spelled with a u or an o?"),
    ("He was the 3rd c. in line.", "He was the third c. in line."),
    ("Our 2nd c. of coffee.", "Our second c. of coffee."),
    ("She sat on the couch all day.", "She sat on the couch all day."),
    ("We sat at the table from noon.", "We sat at the table from noon."),
    ("The solar farm lies 3 W of town.", "The solar farm lies three W of town."),
    ("The power bill at 100 W Main was high.", "The power bill at one hundred W Main was high."),
    ("the $10 to $20 raised from fans", "the ten dollars to twenty dollars raised from fans"),
    ("the $0.50 per share dividend", "the fifty cents per share dividend"),
    ("The git log -- a long list.", "The git log -- a long list."),
    ("a 2day workshop", "a two day workshop"),
    ("0U", "zero U"),
    ("The 1U server and XUV.", "The one U server and X U V."),
]


CASES = (
    THREADS
    + THREADS_UNCHANGED
    + INCLUDING
    + INCLUDING_UNCHANGED
    + PLACES
    + PLACES_UNCHANGED
    + CENTURIES
    + CENTURIES_UNCHANGED
    + ELECTRON_VOLTS
    + ELECTRON_VOLTS_UNCHANGED
    + WATTS
    + WATTS_UNCHANGED
    + MONEY_BEFORE_NOUNS
    + MONEY_BEFORE_NOUNS_UNCHANGED
    + CHAT
    + CHAT_UNCHANGED
    + SHORT_OPTIONS
    + SHORT_OPTIONS_UNCHANGED
    + RECORDS
    + RECORDS_UNCHANGED
    + DATES
    + DATES_UNCHANGED
    + PUBLIC_LAWS
    + PUBLIC_LAWS_UNCHANGED
    + WINDOWS_PATHS
    + WINDOWS_PATHS_UNCHANGED
    + REVIEW_UNCHANGED
)


@pytest.mark.parametrize(("written", "said"), CASES)
def test_audit8_reading(written: str, said: str) -> None:
    assert normalize_for_tts(written) == said


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ["\U0001f9f5 (1/5) ", "\U0001f9f5 (1/5 ", "\U0001f9f5 ( ", "a incl. b ", "Aa incl. ",
     "St. Aa's Pl. ", "St. Aa's ", "Saint Aa's Sq. ", "1st c. BCE ", "1st c. ", "1st c. Aa "
,
     "1 GeV ", "a 1 eV aa ", "draws 1 W aa ", "1 W ", "Gate 1 W ", "draws 1 W 1 ", "1 W's "
,
     "a $0.25 aa ", "the $1 to $2 aa ", "$1 to $2 to $3 ", "its $1B-$2B aa ",
     "The Aas are 1-1 and lead ", "a show on 1/4 in front of ",
     "Pub. L. No. 1-1 ", "C:\\a b\\c.ini ", "C:\\a b c d e f "
,
     "a u b ", "u u ", "on sat ", "sat sat ", "Sat's a ", "aa nite, ur aa ", "jk "
,
     "git a -b ", "git -a ", "-a ", "git a -b -c -d "],
)  # fmt: skip
def test_audit8_rules_take_linear_time(unit: str) -> None:
    """Four times the text takes about four times as long for each of this audit's patterns."""
    assert grows_linearly(unit, normalize_for_tts)
