"""Readings of a sixth audit (bench/normalize_audit/sentences6.tsv): "M" before what it counts
in millions, "ppi" and "dpi", lab values per milliliter ("20 ng/mL"), kelvin, processor models
("Core i7-13700K", "Ryzen 9 7950X"), HTTP status codes ("a 404 error"), home and relative paths,
dotfiles with a dot in them, underscores in file names, menu paths ("Settings > Privacy"), chat
words ("rn", "wknd", "Tbh"); each rule with the text it must leave as it was (recorded before
the rules were written)."""

from __future__ import annotations

import pytest

from text_timing import grows_linearly
from yuyin.text.normalize import normalize_for_tts

MILLIONS = [
    (
        "The SQL query took 2.3 seconds to run on a table with 10M rows.",
        "The S Q L query took two point three seconds to run on a table with ten million rows.",
    ),
    ("We processed 5M requests per day.", "We processed five million requests per day."),
    (
        "The dataset has 2M images and 40M captions.",
        "The dataset has two million images and forty million captions.",
    ),
    ("There are 10M rows in it.", "There are ten million rows in it."),
]
MILLIONS_UNCHANGED = [
    ("He bought size 10M shoes.", "He bought size ten M shoes."),
    ("Buy 2M cables at the store.", "Buy two M cables at the store."),
    ("These 9.5M sneakers fit well.", "These nine point five M sneakers fit well."),
    ("3M masks sold out.", "three M masks sold out."),
    ("She won the 400M hurdles.", "She won the four hundred M hurdles."),
    ("The 100M finals were fast.", "The one hundred M finals were fast."),
    ("The 10M air rifle final.", "The ten M air rifle final."),
    ("Prepare 1M solutions of NaCl.", "Prepare one M solutions of N a C l."),
    ("The 6M yields rose.", "The six M yields rose."),
    ("It was 5M.", "It was five M."),
    ("The 10M was won by Ann.", "The ten M was won by Ann."),
    ("Room 4M keys", "Room four M keys"),
    ("Grade 4B students", "Grade four B students"),
    ("Use 2B pencils only.", "Use two B pencils only."),
    ("It has 10M users.", "It has ten million users."),
]

UNITS = [
    (
        'The Kindle Paperwhite has a 6.8" screen and 300 ppi resolution.',
        "The Kindle Paperwhite has a six point eight-inch screen and three hundred pixels per inch"
        " resolution.",
    ),
    (
        "Print at 300 dpi for best results.",
        "Print at three hundred dots per inch for best results.",
    ),
    ("a 300 dpi scan", "a three hundred dot per inch scan"),
    (
        "Vitamin D levels below 20 ng/mL are considered deficient.",
        "Vitamin D levels below twenty nanograms per milliliter are considered deficient.",
    ),
    ("Cholesterol 200 mg/dl.", "Cholesterol two hundred milligrams per deciliter."),
    ("A dose of 5 \u00b5g/mL was used.", "A dose of five micrograms per milliliter was used."),
    ("BNP was 100 pg/mL.", "B N P was one hundred picograms per milliliter."),
    ("It was 1 pg/mL.", "It was one picogram per milliliter."),
    ("The dose is 2 mg/mL.", "The dose is two milligrams per milliliter."),
    ("It costs $5/mL.", "It costs five dollars per milliliter."),
    ("5 ng of DNA", "five nanograms of D N A"),
]
UNITS_UNCHANGED = [
    ("A 1600 DPI mouse.", "A sixteen hundred D P I mouse."),
    ("The March PPI rose 0.5%.", "The March P P I rose zero point five percent."),
    ("He wrote 300 pg.", "He wrote three hundred pg."),
    ("See pg 5 for details.", "See pg five for details."),
    (
        "Glucose of 110 mg/dL is high.",
        "Glucose of one hundred ten milligrams per deciliter is high.",
    ),
    ("Take 500 mcg daily.", "Take five hundred micrograms daily."),
    ("Give 50 mcg/kg of it.", "Give fifty micrograms per kilogram of it."),
    ("Sodium was 140 mmol/L.", "Sodium was one hundred forty millimoles per liter."),
    ("Potassium 4.1 mEq/L.", "Potassium four point one milliequivalents per liter."),
    ("ALT of 40 IU/L is normal.", "A L T of forty I U per liter is normal."),
    ("Pour 20 ml/min.", "Pour twenty milliliters a minute."),
]

KELVIN = [
    (
        "Absolute zero is \u2212273.15 \u00b0C, or 0 K.",
        "Absolute zero is minus two hundred seventy-three point one five degrees Celsius, or zero"
        " kelvin.",
    ),
    (
        "Water boils at 373.15 K.",
        "Water boils at three hundred seventy-three point one five kelvin.",
    ),
    (
        "The CMB has a temperature of 2.7 K.",
        "The C M B has a temperature of two point seven kelvin.",
    ),
    (
        "The detector was cooled to 4K in liquid helium.",
        "The detector was cooled to four kelvin in liquid helium.",
    ),
    ("At 77 K, nitrogen boils.", "At seventy-seven kelvin, nitrogen boils."),
]
KELVIN_UNCHANGED = [
    ("He ran a 10K run.", "He ran a ten K run."),
    ("a 5K race", "a five K race"),
    ("$50K salary", "fifty thousand dollars salary"),
    ("4K display", "four K display"),
    ("a 100K followers", "a one hundred thousand followers"),
    ("She earned 50 K last year.", "She earned fifty K last year."),
    ("The 10K was run at 25 \u00b0C.", "The ten K was run at twenty-five degrees Celsius."),
    ("She won 10K in 90-degree heat.", "She won ten K in ninety-degree heat."),
    ("It was 30 \u00b0C and I ran 10K.", "It was thirty degrees Celsius and I ran ten K."),
    ("The 4K TV was cooled.", "The four K T V was cooled."),
    (
        "Temperatures hit 40 \u00b0C and 10K people fled.",
        "Temperatures hit forty degrees Celsius and ten thousand people fled.",
    ),
    ("His salary rose to 120K.", "His salary rose to one hundred twenty thousand."),
    ("Vitamin K levels.", "Vitamin K levels."),
]

PROCESSORS = [
    (
        "The Intel Core i7-13700K has a base clock of 3.4 GHz.",
        "The Intel Core i seven thirteen seven hundred K has a base clock of three point four"
        " gigahertz.",
    ),
    (
        "The AMD Ryzen 9 7950X has 16 cores and a boost clock of 5.7 GHz.",
        "The A M D Ryzen nine seventy-nine fifty X has sixteen cores and a boost clock of five"
        " point seven gigahertz.",
    ),
    ("An i5-12600K costs less.", "An i five twelve six hundred K costs less."),
    ("I upgraded from an i5-2500K.", "I upgraded from an i five twenty-five hundred K."),
    (
        "My laptop has an i7-1165G7 chip.",
        "My laptop has an i seven eleven sixty-five G seven chip.",
    ),
    (
        "The Ryzen 7 5800X3D is a gaming chip.",
        "The Ryzen seven fifty-eight hundred X three D is a gaming chip.",
    ),
    ("The Ryzen 5 3600 was popular.", "The Ryzen five thirty-six hundred was popular."),
    (
        "The Threadripper 3990X has 64 cores.",
        "The Threadripper thirty-nine ninety X has sixty-four cores.",
    ),
    ("The Core Ultra 7 155H is new.", "The Core Ultra seven one fifty-five H is new."),
]
PROCESSORS_UNCHANGED = [
    ("The Core i7 is fast.", "The Core i seven is fast."),
    ("RTX 4090", "R T X forty ninety"),
    ("Ryzen 9 and 7950 fans.", "Ryzen nine and seven thousand nine hundred fifty fans."),
    ("The route i5-2021 was closed.", "The route i five to twenty twenty-one was closed."),
    ("Pages i7-10 are missing.", "Pages i seven to ten are missing."),
    ("Call 555-1234 now.", "Call five five five, one two three four now."),
]

STATUS_CODES = [
    (
        "Our API returns a 404 error if the resource doesn't exist.",
        "Our A P I returns a four oh four error if the resource doesn't exist.",
    ),
    ("The page shows 404 Not Found.", "The page shows four oh four Not Found."),
    ("A 503 Service Unavailable response.", "A five oh three Service Unavailable response."),
    ("We fixed the 404 errors on the site.", "We fixed the four oh four errors on the site."),
    ("It returned status 503 again.", "It returned status five oh three again."),
    ("Error 404: page not found.", "Error four oh four: page not found."),
    (
        "It returned HTTP 429 Too Many Requests.",
        "It returned H T T P four twenty-nine Too Many Requests.",
    ),
    ("The server returned a 500 error.", "The server returned a five hundred error."),
]
STATUS_CODES_UNCHANGED = [
    ("There were 404 errors in the log.", "There were four hundred four errors in the log."),
    ("We got 500 errors yesterday.", "We got five hundred errors yesterday."),
    ("The book is 404 pages long.", "The book is four hundred four pages long."),
    ("Turn to page 404.", "Turn to page four hundred four."),
    ("Flight 404 was delayed.", "Flight four oh four was delayed."),
    ("Room 404 is open.", "Room four oh four is open."),
    ("He ran 400 meters.", "He ran four hundred meters."),
    ("The 401(k) plan.", "The four oh one k plan."),
    ("I got a 404.", "I got a four hundred four."),
]

PATHS = [
    (
        "The config file lives at ~/.config/app/settings.json on Linux.",
        "The config file lives at tilde slash dot config slash app slash settings dot json on"
        " Linux.",
    ),
    ("Add it to ~/.bashrc now.", "Add it to tilde slash dot bashrc now."),
    (
        "The path is ~/.ssh/id_rsa.pub on Linux.",
        "The path is tilde slash dot ssh slash id underscore rsa dot pub on Linux.",
    ),
    ("Run ./configure first.", "Run dot slash configure first."),
    (
        "Use ../config/app.yaml instead.",
        "Use dot dot slash config slash app dot yaml instead.",
    ),
    (
        "Copy the .env.example file to .env and fill in your keys.",
        "Copy the dot env dot example file to dot env and fill in your keys.",
    ),
    ("Rename .env.local to .env.", "Rename dot env dot local to dot env."),
    ("Edit your .eslintrc.json file.", "Edit your dot eslintrc dot json file."),
    (
        "Save the file as report_final_v2.docx before closing Word.",
        "Save the file as report underscore final underscore v two dot docx before closing Word.",
    ),
    ("Run train_model.py now.", "Run train underscore model dot py now."),
]
PATHS_UNCHANGED = [
    ("cost ~5 dollars", "cost about five dollars"),
    ("It costs $5 ~/mo.", "It costs five dollars mo."),
    ("See /etc/hosts for details.", "See slash etc slash hosts for details."),
    ("and/or", "and or"),
    ("24/7", "twenty-four seven"),
    ("See the .github/workflows folder.", "See the dot github workflows folder."),
    ("We went to the .com boom.", "We went to the dot com boom."),
    ("Not now .ok", "Not now.ok"),
    ("I said so .he left", "I said so.he left"),
    ("The snake_case name is fine.", "The snake case name is fine."),
    ("See config.yaml now.", "See config dot yaml now."),
]

MENUS = [
    (
        "Tap Settings > Privacy > Location Services to turn it off.",
        "Tap Settings, then Privacy, then Location Services to turn it off.",
    ),
    ("Click Edit > Preferences > Advanced.", "Click Edit, then Preferences, then Advanced."),
    (
        "Open Settings > Privacy & Security > Location Services.",
        "Open Settings, then Privacy and Security, then Location Services.",
    ),
    (
        "Use Settings > General > VPN to add one.",
        "Use Settings, then General, then V P N to add one.",
    ),
]
MENUS_UNCHANGED = [
    ("Go to File > Save As to save.", "Go to File greater than Save As to save."),
    ("If x > 5 then stop.", "If x greater than five then stop."),
    ("Prices > $100 > rare.", "Prices greater than one hundred dollars greater than rare."),
    ("A > B > C holds.", "A greater than B greater than C holds."),
    ("Q1 > Q2 > Q3 in sales.", "Q one greater than Q two greater than Q three in sales."),
    ("Pizza > Burgers > Tacos", "Pizza greater than Burgers greater than Tacos"),
    ("I think Quality > Quantity.", "I think Quality greater than Quantity."),
]

CHAT = [
    ("Traffic on I-95 is a nightmare rn.", "Traffic on I-ninety-five is a nightmare right now."),
    ("im so tired rn lol", "im so tired right now lol"),
    ("w/ my fam at the beach this wknd", "with my fam at the beach this weekend"),
    ("see u this wknd!", "see you this weekend!"),  # "u" is "you" since the eighth audit
    # said as "tbh" and "TBH" are, letter by letter
    ("Tbh I expected more from a $50 ticket.", "T B H I expected more from a fifty dollar ticket."),
    ("Idk what to do.", "I D K what to do."),
    ("Ngl it was fun.", "Not gonna lie it was fun."),
    ("Pls help.", "Please help."),
]
CHAT_UNCHANGED = [
    ("Imo State is in Nigeria.", "Imo State is in Nigeria."),
    ("Np is neptunium.", "Np is neptunium."),
    ("Rn is radon.", "Rn is radon."),
    ("She is an rn at the hospital.", "She is an rn at the hospital."),
    ("The RN checked his vitals.", "The R N checked his vitals."),
    ("Use the rn variable here.", "Use the rn variable here."),
    ("Open rn.js now.", "Open rn dot J S now."),
    ("tbh i liked it", "T B H i liked it"),
    ("TBH it was fine.", "T B H it was fine."),
]

RATINGS = [
    (
        "The hotel was ok, but the wifi kept dropping. 3/5.",
        "The hotel was ok, but the wifi kept dropping. three out of five.",
    ),
    ("Great food! 9/10!", "Great food! nine out of ten!"),
    ("5/5. Would buy again.", "five out of five. Would buy again."),
    ("I'd rate it 8/10.", "I'd rate it eight out of ten."),
    ("I would rate this 7/10 overall.", "I would rate this seven out of ten overall."),
]
RATINGS_UNCHANGED = [
    ("Loved it. 4.5/5.", "Loved it. four point five out of five."),
    ("I give it 4/5.", "I give it four out of five."),
    ("See you on 3/5.", "See you on three fifths."),
    ("About 3/5 of the voters agreed.", "About three fifths of the voters agreed."),
    ("Add 3/5 cup of milk.", "Add three fifths of a cup of milk."),
    ("When is the party? 3/5.", "When is the party? three fifths."),
    ("It happened. 3/5 of them left.", "It happened. three fifths of them left."),
    ("3/5.", "three fifths."),
    ("Done. 6/5.", "Done. six five."),
    ("Sun. 1/5", "Sunday January fifth"),
    ("No. 3/5.", "Number three fifths."),
    ("The success rate is 3/5.", "The success rate is three fifths."),
]

# borderline readings of the audit: an amount before a noun in "-ing" and the noun it describes
MONEY_MODIFIERS = [
    (
        "The House passed the $1.2 trillion spending package by a vote of 286 to 134 late Friday"
        " night.",
        "The House passed the one point two trillion dollar spending package by a vote of two"
        " hundred eighty-six to one hundred thirty-four late Friday night.",
    ),
    ("The $50 million funding round closed.", "The fifty million dollar funding round closed."),
    ("The $2 billion housing plan stalled.", "The two billion dollar housing plan stalled."),
    (
        "Its $3 billion financing deal collapsed.",
        "Its three billion dollar financing deal collapsed.",
    ),
]
MONEY_MODIFIERS_UNCHANGED = [
    (
        "The $5 million going to schools is welcome.",
        "The five million dollars going to schools is welcome.",
    ),
    (
        "The $5 million funding schools across the state ran out.",
        "The five million dollars funding schools across the state ran out.",
    ),
    ("The $2 billion spending bills passed.", "The two billion dollars spending bills passed."),
    (
        "The $1.2 trillion spending was approved.",
        "The one point two trillion dollars spending was approved.",
    ),
    (
        "The $3 billion spending on roads rose.",
        "The three billion dollars spending on roads rose.",
    ),
    ("The $2 billion raising questions.", "The two billion dollars raising questions."),
    ("a $700 million contract", "a seven hundred million dollar contract"),
]

# a review's sentences written to break this audit's rules (the rules narrowed on them)
REVIEW_UNCHANGED = [
    ("12M beams of timber.", "twelve M beams of timber."),
    ("The pipe runs in 6M lengths.", "The pipe runs in six M lengths."),
    ("Dilute to 0.5M concentrations.", "Dilute to zero point five M concentrations."),
    ("Nikon 50M lenses are sharp.", "Nikon fifty M lenses are sharp."),
    ("She wears 8M widths.", "She wears eight M widths."),
    ("The Mercedes 300M models are rare.", "The Mercedes three hundred M models are rare."),
    (
        "My new 4K TV overheats when the room temperature is high.",
        "My new four K T V overheats when the room temperature is high.",
    ),
    (
        "The temperature rose sharply as we passed 5K on the course.",
        "The temperature rose sharply as we passed five K on the course.",
    ),
    ("The thermal camera shoots in 4K.", "The thermal camera shoots in four K."),
    (
        "Temperature sensors: 4K of them were shipped.",
        "Temperature sensors: four K of them were shipped.",
    ),
    ("The deadline moved. 3/5.", "The deadline moved. three fifths."),
    ("The store reopens. 5/10.", "The store reopens. five tenths."),
    ("Final score: Lakers won. 3/5.", "Final score: Lakers won. three fifths."),
    (
        "He ran 404 page views through the tracker.",
        "He ran four hundred four page views through the tracker.",
    ),
    (
        "About 410 error reports came in overnight.",
        "About four hundred ten error reports came in overnight.",
    ),
    (
        "There are 450 status updates in the feed.",
        "There are four hundred fifty status updates in the feed.",
    ),
    ("The 404 page shows links.", "The four oh four page shows links."),
    (
        "The app ranks them as Gold > Silver > Bronze.",
        "The app ranks them as Gold greater than Silver greater than Bronze.",
    ),
    ("I go by Love > Money > Fame.", "I go by Love greater than Money greater than Fame."),
    (
        "He became a registered nurse (rn) last year.",
        "He became a registered nurse (rn) last year.",
    ),
    ("The nurse, a 20-year rn, retired.", "The nurse, a twenty-year rn, retired."),
    ("Btw Technologies filed for bankruptcy.", "Btw Technologies filed for bankruptcy."),
]


CASES = (
    MILLIONS
    + MILLIONS_UNCHANGED
    + UNITS
    + UNITS_UNCHANGED
    + KELVIN
    + KELVIN_UNCHANGED
    + PROCESSORS
    + PROCESSORS_UNCHANGED
    + STATUS_CODES
    + STATUS_CODES_UNCHANGED
    + PATHS
    + PATHS_UNCHANGED
    + MENUS
    + MENUS_UNCHANGED
    + CHAT
    + CHAT_UNCHANGED
    + RATINGS
    + RATINGS_UNCHANGED
    + MONEY_MODIFIERS
    + MONEY_MODIFIERS_UNCHANGED
    + REVIEW_UNCHANGED
)


@pytest.mark.parametrize(("written", "said"), CASES)
def test_audit6_reading(written: str, said: str) -> None:
    assert normalize_for_tts(written) == said


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ["1M rows ", "1M hurdles ", "1 pg/mL ", "1 ng/dl ", "1 ppi ", "\u00b0 1 K ", "1K, ",
     "i7-13700K ", "Ryzen 9 7950X ", "a 404 error ", "HTTP 404 ", "was 404 errors ",
     "~/a/b.json ", "~/", "./a ", "../", "the .a.b.c file ", "Tap Aa > Bb > Cc ", "Aa > ",
     "Tap Aa Bb Cc Dd > ",
     "rn ", "Tbh ", "this wknd ", "a. 3/5. ",
     "rate it 1/5 ", "the $1 million spending package ", "the $1 million spending ",
     "a_b.py ", "Sun. 1/5. ", "1 K ", "\u00b0 1K ", "Settings > Aa > ", "i5 11111K ",
     "404 Not Found ", "1 mg/mL ", "the .a.a.a.a file "],
)  # fmt: skip
def test_audit6_rules_take_linear_time(unit: str) -> None:
    """Four times the text takes about four times as long for each of this audit's patterns."""
    assert grows_linearly(unit, normalize_for_tts)
