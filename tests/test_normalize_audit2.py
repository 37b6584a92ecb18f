"""Normalizer readings asked for by a second audit (bench/normalize_audit/sentences2.tsv), each
class tried on sentences of its own: abbreviations of streets, places, labels and keys, units
after "per" and "/", chat abbreviations, identifiers, measures before a noun, mixed-case
acronyms, paths and a thread's counter, and win-loss seasons."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

ABBREVIATIONS = [
    # a compass letter before a street, not a middle initial
    ("Meet me at W. 57th St. at noon.", "Meet me at West fifty-seventh Street at noon."),
    ("The shop on N. Clark St. closed.", "The shop on North Clark Street closed."),
    ("Turn onto E. 14th Ave. and park.", "Turn onto East fourteenth Avenue and park."),
    ("at 350 W. 15th St.", "at three fifty West fifteenth Street."),
    ("George W. Bush Blvd. is long.", "George W. Bush Boulevard is long."),
    ("J. W. Main St. opened.", "J. W. Main Street opened."),
    # street types after a street's name
    ("She lives on Gramercy Pl. in Manhattan.", "She lives on Gramercy Place in Manhattan."),
    (
        "Turn onto Oak Ln. The house is on the left.",
        "Turn onto Oak Lane. The house is on the left.",
    ),
    ("They moved to Elm Ct.", "They moved to Elm Court."),
    ("Take the Garden State Pkwy. south.", "Take the Garden State Parkway south."),
    ("The 42nd Pl. entrance is shut.", "The forty-second Place entrance is shut."),
    ("Meet at Washington Sq. Park.", "Meet at Washington Square Park."),
    ("140 S. Ct. 1731", "one hundred forty S. Ct. seventeen thirty-one"),
    ("the Ct. of Appeals", "the Ct. of Appeals"),
    # a state's school in college sports, a street elsewhere
    (
        "The quarterback transferred from Michigan St.",
        "The quarterback transferred from Michigan State.",
    ),
    ("They beat Kansas St., 24-10.", "They beat Kansas State, twenty-four to ten."),
    ("He lives on Ohio St.", "He lives on Ohio Street."),
    (
        "He lives on Ohio St., near the team's arena.",
        "He lives on Ohio Street, near the team's arena.",
    ),
    # clubs, numbered places, phone labels, estimates, temperature
    ("Leeds Utd won again.", "Leeds United won again."),
    ("They support Newcastle Utd.", "They support Newcastle United."),
    ("Exit at Hwy 280 and go north.", "Exit at Highway two eighty and go north."),
    ("Route 128 was jammed.", "Route one twenty-eight was jammed."),
    ("The class is in Rm 115.", "The class is in Room one fifteen."),
    ("Go to Bldg 7, Rm. 3.", "Go to Building seven, Room three."),
    ("Ph: 212-555-0188", "Phone: two one two, five five five, zero one eight eight"),
    ("Ph. (212) 555-0100", "Phone two one two, five five five, zero one zero zero"),
    ("pH: 7.4", "P H: seven point four"),
    (
        "Revenue: $3.1 billion (2024 est.)",
        "Revenue: three point one billion dollars (twenty twenty-four estimate)",
    ),
    ("The firm, est. 1890, is old.", "The firm, established eighteen ninety, is old."),
    ("Keep at room temp. for an hour.", "Keep at room temperature for an hour."),
    ("He was hired as a temp.", "He was hired as a temp."),
    # keys in a combination
    ("Press Cmd+Shift+4 for a screenshot.", "Press Command plus Shift plus four for a screenshot."),
    ("Use Ctrl+Esc or Alt+F4.", "Use Control plus Escape or Alt plus F four."),
    ("Press Del to delete it.", "Press Del to delete it."),
]

UNITS = [
    ("The probe flew at 17 km/s.", "The probe flew at seventeen kilometers per second."),
    ("Blood has about 5 million cells per uL.", "Blood has about five million cells per uL."),
    ("Results are given per mL of blood.", "Results are given per milliliter of blood."),
    ("Prices per kWh rose.", "Prices per kilowatt hour rose."),
    ("Add 0.5 mol of salt.", "Add zero point five moles of salt."),
    ("Glucose was 5.5 mmol/L.", "Glucose was five point five millimoles per liter."),
    ("The chest freezer holds 7 cu. ft.", "The chest freezer holds seven cubic feet."),
    ("The house is 2,000 sq. ft.", "The house is two thousand square feet."),
    ("Tighten to 25 ft-lbs of torque.", "Tighten to twenty-five foot-pounds of torque."),
    ("It makes 350 lb-ft.", "It makes three hundred fifty pound-feet."),
    ("The server handles 500 queries/sec.", "The server handles five hundred queries per second."),
    ("She types 90 words/min.", "She types ninety words per minute."),
    ("Eat 3 meals/day.", "Eat three meals per day."),
    ("per se and per cent", "per se and per cent"),
    # a size: "by" between its numbers, "in" inches only after one and before a stop
    (
        "Size: 10 x 7.5 x 2 in; weight: 1 lb.",
        "Size: ten by seven point five by two inches; weight: one pound.",
    ),
    ("The box is 12 x 8 in.", "The box is twelve by eight inches."),
    ("It measures 30 x 20 x 10 cm.", "It measures thirty by twenty by ten centimeters."),
    ("a 10 x 20 ft tent", "a ten by twenty-foot tent"),
    ("Put 12 x 8 in the box.", "Put twelve x eight in the box."),
    ("2 x 3 = 6", "two times three equals six"),
]

CHAT = [
    ("thx for coming, see you tmrw", "thanks for coming, see you tomorrow"),
    ("idk what happened smh", "I D K what happened S M H"),
    ("brb", "B R B"),
    ("np!", "no problem!"),
    ("tbh i liked it", "T B H i liked it"),
    ("import numpy as np", "import numpy as np"),
    ("np-hard problems", "np-hard problems"),
    ("The NP was on call.", "The N P was on call."),
]

IDENTIFIERS = [
    # an ISBN's groups after the word, or a thirteen-digit one by its shape
    (
        "Its ISBN is 0-306-40615-2.",
        "Its I S B N is zero, three zero six, four zero six one five, two.",
    ),
    (
        "Order 979-8-88645-044-3 today.",
        "Order nine seven nine, eight, eight eight six four five, zero four four, three today.",
    ),
    ("Call 978-555-1234.", "Call nine seven eight, five five five, one two three four."),
    # a code after the word naming it
    ("Item 5512-0098 is back.", "Item five five one two, zero zero nine eight is back."),
    ("Order #1234-5678", "Order number one two three four, five six seven eight"),
    ("Serial No. 884210-77", "Serial Number eight eight four two one zero, seven seven"),
    ("Read Part 1-3 first.", "Read Part one to three first."),
    ("Batch 2019-2023 graduates", "Batch twenty nineteen to twenty twenty-three graduates"),
    # two capitals and a number in pairs; a letter-dash model
    ("Flight BA117 landed.", "Flight B A one seventeen landed."),
    ("MH370 vanished in 2014.", "M H three seventy vanished in twenty fourteen."),
    ("The RX7900 is fast.", "The R X seventy-nine hundred is fast."),
    ("Buy the Model No. TX-3150C now.", "Buy the Model Number T X thirty-one fifty C now."),
    ("The F-150 sold well.", "The F one fifty sold well."),
    ("He had COVID-19.", "He had COVID-nineteen."),
    # the spy's number
    ("Agent 007 returns.", "Agent double-oh-seven returns."),
    ("All the 007 films", "All the double-oh-seven films"),
    ("Room 007", "Room zero zero seven"),
]

MODIFIERS = [
    # an amount before a capitalized noun after "a"
    ("They closed a $12M Series A in May.", "They closed a twelve million dollar Series A in May."),
    ("I got a $25 Visa gift card.", "I got a twenty-five dollar Visa gift card."),
    ("It raised a $2 billion IPO.", "It raised a two billion dollar I P O."),
    ("a $2 million In", "a two million dollars In"),
    ("He won $5 Monday.", "He won five dollars Monday."),
    # watts glued to the number before a noun; a screen's size a few words before it
    ("It ships with a 30W wall adapter.", "It ships with a thirty-watt wall adapter."),
    ("The lamp uses 60W.", "The lamp uses sixty watts."),
    ("Take the 66 W exit.", "Take the sixty-six W exit."),
    ('Sony 55" OLED TV', "Sony fifty-five-inch O L E D T V"),
    ('LG 27" curved gaming monitor', "L G twenty-seven-inch curved gaming monitor"),
    ('The screen is 65" and the TV is big.', "The screen is sixty-five inches and the T V is big."),
]

ACRONYMS = [
    # mixed-case codes with a number: letters and numbers said apart
    ("Her PaO2 was 80 mmHg.", "Her P a O two was eighty millimeters of mercury."),
    ("Check the HbA1c level.", "Check the H b A one c level."),
    ("Rust is Fe2O3.", "Rust is F e two O three."),
    ("an IPv6 address", "an I P v six address"),
    ("Gen2 chips", "Gen two chips"),
    ("a 5000 mAh battery", "a five thousand milliampere hour battery"),
    ("HeLa cells", "HeLa cells"),
    # "US" in capitals in mixed-case text: the country's letters, not the pronoun
    ("It is made in the US.", "It is made in the U S."),
    ("US officials met on Monday.", "U S officials met on Monday."),
    ("Exports to the US rose.", "Exports to the U S rose."),
    ("Please HELP US find our dog.", "Please HELP US find our dog."),
    ("LET US PRAY", "LET US PRAY"),
    ("It cost US$5.", "It cost five US dollars."),
    ("Tell us more.", "Tell us more."),
    ("Join US today!", "Join US today!"),
    ("Let US know.", "Let US know."),
    ("Tariffs help US farmers.", "Tariffs help U S farmers."),
]

PATHS = [
    ("Edit /etc/hosts/ now.", "Edit slash etc slash hosts slash now."),
    (
        "Logs are in /var/log/syslog.",
        "Logs are in slash var slash log slash syslog.",
    ),
    (
        "Run /usr/local/bin/app_server today.",
        "Run slash usr slash local slash bin slash app underscore server today.",
    ),
    (
        "Open (/home/ann/notes.pdf) first.",
        "Open (slash home slash ann slash notes dot P D F) first.",
    ),
    ("and/or", "and or"),
]


THREADS_AND_SEASONS = [
    # a thread's counter beside its emoji; a fraction elsewhere stays one
    ("Why we moved to Lisbon 🧵 1/7", "Why we moved to Lisbon, one of seven"),
    ("🧵 2/7 The rent was lower.", "two of seven The rent was lower."),
    ("That is all 7/7 🧵", "That is all, seven of seven"),
    ("Add 1/2 cup of milk.", "Add half a cup of milk."),
    # a win-loss record before a season after a determiner or an owner; a score before a game
    (
        "The Bulls' 72-10 season was historic.",
        "The Bulls' seventy-two and ten season was historic.",
    ),
    ("They had a 10-6 campaign.", "They had a ten and six campaign."),
    ("They won the 5-4 season opener.", "They won the five to four season opener."),
    ("the 2019-20 season", "the twenty nineteen to twenty twenty season"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    ABBREVIATIONS + UNITS + CHAT + IDENTIFIERS + MODIFIERS + ACRONYMS + PATHS + THREADS_AND_SEASONS,
)
def test_reading(text: str, expected: str) -> None:
    assert normalize_for_tts(text) == expected
