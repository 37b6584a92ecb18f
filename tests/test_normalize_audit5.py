"""Readings of a fifth audit (bench/normalize_audit/sentences5.tsv): a hashtag after the word
"hashtag", model numbers after a product line's capitals, a scale letter before "+", recipe
cups before "of", chemical formulas, "Eq. (5)", state postal codes after a city, "Thx", the
WHO, AM radio, PhD, "works in IT", a measure before "winds" or "charging" and "E = mc²"; each
rule with the text it must leave as it was (recorded before the rules were written)."""

from __future__ import annotations

import pytest

from text_timing import grows_linearly
from yuyin.text.normalize import normalize_for_tts

HASHTAGS = [
    (
        "The hashtag #MeToo spread quickly in 2017.",
        "The hashtag Me Too spread quickly in twenty seventeen.",
    ),
    ("Use the hashtag #BlackLivesMatter today.", "Use the hashtag Black Lives Matter today."),
    ("Hashtags #TBT and #OOTD are popular.", "Hashtags T B T and O O T D are popular."),
    ("The hashtags #love, #tbt and #ootd trended.", "The hashtags love, tbt and ootd trended."),
    ("Search hashtag #AI now.", "Search hashtag A I now."),
]
HASHTAGS_UNCHANGED = [
    ("I posted #MeToo yesterday.", "I posted hashtag Me Too yesterday."),
    ("The hashtag, #MeToo, spread.", "The hashtag, hashtag Me Too, spread."),
    ("the hash #tag", "the hash hashtag tag"),
    ("Follow #MeToo and the hashtag movement.", "Follow hashtag Me Too and the hashtag movement."),
    ("Tag it #TBT.", "Tag it hashtag T B T."),
]

MODEL_NUMBERS = [
    (
        "The RTX 4090 draws up to 450W.",
        "The R T X forty ninety draws up to four hundred fifty watts.",
    ),
    ("The Radeon RX 7900 is fast.", "The Radeon R X seventy-nine hundred is fast."),
    ("The IBM 5150 was the first PC.", "The I B M fifty-one fifty was the first P C."),
    ("The RTX 3080 Ti card.", "The R T X thirty eighty Ti card."),
    ("The HP 4500 printer.", "The H P forty-five hundred printer."),
]
MODEL_NUMBERS_UNCHANGED = [
    ("UK 3412 new cases", "U K three thousand four hundred twelve new cases"),
    ("VAT 2599 was added.", "V A T two thousand five hundred ninety-nine was added."),
    ("The RTX 4000 is a workstation card.", "The R T X four thousand is a workstation card."),
    ("The GTX 1080 was fast.", "The G T X ten eighty was fast."),
    ("in 2024", "in twenty twenty-four"),
    ("COVID 19", "COVID nineteen"),
    ("Ford F-150", "Ford F one fifty"),
    ("Boeing 737", "Boeing seven thirty-seven"),
    ("the 1990s", "the nineteen nineties"),
    ("Model 3", "Model three"),
    ("The FY 2024 results.", "The F Y twenty twenty-four results."),
    ("The CPU 2400 MHz.", "The C P U two thousand four hundred megahertz."),
    ("It cost USD 4500.", "It cost four thousand five hundred US dollars."),
    ("ISO 9001 certified", "I S O nine thousand one certified"),
    ("The PIN 4821 works.", "The PIN four thousand eight hundred twenty-one works."),
    ("We paid 4500 dollars.", "We paid four thousand five hundred dollars."),
]

SCALE_PLUS = [
    (
        "The app was downloaded 10M+ times in its first week.",
        "The app was downloaded ten million plus times in its first week.",
    ),
    ("Over 5K+ users signed up.", "Over five thousand plus users signed up."),
    ("We have 2B+ users.", "We have two billion plus users."),
    ("We have 1.5B+ users.", "We have one point five billion plus users."),
]
SCALE_PLUS_UNCHANGED = [
    ("The Raspberry Pi 3B+ runs hot.", "The Raspberry Pi three B plus runs hot."),
    ("A 5K+ display costs more.", "A five K plus display costs more."),
    ("10k+ followers", "ten thousand plus followers"),
    ("It has 10M users.", "It has ten million users."),
    ("He earned $10M+ last year.", "He earned ten million dollars plus last year."),
    ("The 10+ years.", "The ten plus years."),
    ("60+ mph", "sixty-plus miles per hour"),
    ("It was 5M.", "It was five M."),
    ("A 3M+ company", "A three M plus company"),
]

CUPS = [
    ("Add 1 c. of milk and 2 eggs.", "Add one cup of milk and two eggs."),
    ("Add 2 c. of flour.", "Add two cups of flour."),
    ("Add 1/2 c. of sugar.", "Add half a cup of sugar."),
    ("Add 1 1/2 c. of warm water.", "Add one and a half cups of warm water."),
]
CUPS_UNCHANGED = [
    ("Add 2 c. flour.", "Add two cups flour."),
    ("Built c. 1850.", "Built circa eighteen fifty."),
    ("He was born c. 1900 in Ohio.", "He was born circa nineteen hundred in Ohio."),
    ("Section 3 c. of the act.", "Section three c. of the act."),
    ("Rule 4 c. of the code applies.", "Rule four c. of the code applies."),
    ("Option c. of the list", "Option c. of the list"),
]

FORMULAS = [
    (
        "Sulfuric acid, H2SO4, is highly corrosive.",
        "Sulfuric acid, H two S O four, is highly corrosive.",
    ),
    ("CaCO3 is chalk.", "C a C O three is chalk."),
    ("NaHCO3 is baking soda.", "N a H C O three is baking soda."),
    ("Na2CO3 is washing soda.", "N a two C O three is washing soda."),
    ("SO2 emissions rose.", "S O two emissions rose."),
    ("NaCl is salt.", "N a C l is salt."),
    ("NaOH is a base.", "N a O H is a base."),  # "a" a letter: no "an" before "O H"
    ("SiO2", "S i O two"),
]
FORMULAS_UNCHANGED = [
    ("A GaN charger is small.", "A GaN charger is small."),
    ("CO2 levels rose.", "C O two levels rose."),
    ("H2O is water.", "H two O is water."),
    ("C6H12O6 is glucose.", "C six H twelve O six is glucose."),
    ("Fe2O3 is rust.", "F e two O three is rust."),
    ("O2 and N2 gas.", "O two and N two gas."),
    ("B12 vitamins", "B twelve vitamins"),
    ("The A4 paper.", "The A four paper."),
    ("He served in WW2.", "He served in World War two."),
    ("GaN2", "GaN two"),
    ("McCoy said.", "McCoy said."),
    ("NaN is not a number.", "NaN is not a number."),
    ("PM2.5 pollution.", "P M two point five pollution."),
    ("CO2e emissions.", "C O two e emissions."),
    ("a FBI agent", "an F B I agent"),
]

EQUATIONS = [
    ("This was shown in Eq. (5).", "This was shown in Equation (five)."),
    ("From Eqs. (3) and (4) we get", "From Equations (three) and (four) we get"),
    ("See Eqs. 3 and 4.", "See Equations three and four."),
    ("See Fig. (3).", "See Figure (three)."),
]
EQUATIONS_UNCHANGED = [
    ("Is it safe? No. (1) It leaks.", "Is it safe? No. (one) It leaks."),
    ("I love art. (2) Music too.", "I love art. (two) Music too."),
    ("See Eq. 5 for details.", "See Equation five for details."),
    ("He said eq. is short.", "He said eq. is short."),
    ("the Eq. of time", "the Eq. of time"),
    ("I said No. (It was late.)", "I said No. (It was late.)"),
    ("The equation (5) holds.", "The equation (five) holds."),
]

POSTAL_STATES = [
    (
        "He moved from Austin, TX, to Portland, OR.",
        "He moved from Austin, Texas, to Portland, Oregon.",
    ),
    ("It is warm in Honolulu, HI, today.", "It is warm in Honolulu, Hawaii, today."),
    (
        "She was born in Portland, ME, in 1990.",
        "She was born in Portland, Maine, in nineteen ninety.",
    ),
    ("We flew to Tulsa, OK.", "We flew to Tulsa, Oklahoma."),
    ("Send it to Salt Lake City, UT.", "Send it to Salt Lake City, Utah."),
    ("The company (based in Dallas, TX) grew.", "The company (based in Dallas, Texas) grew."),
]
POSTAL_STATES_UNCHANGED = [
    ("Hi, Ohio.", "Hi, Ohio."),
    ("OK, fine.", "okay, fine."),
    ("He said OR in caps.", "He said OR in caps."),
    ("Yes, OR no.", "Yes, OR no."),
    ("Alice, OR Bob.", "Alice, OR Bob."),
    ("Thanks, OK.", "Thanks, okay."),
    ("Fine, OK.", "Fine, okay."),
    ("He wrote to me, OK?", "He wrote to me, okay?"),
    ("Jane Doe, MD, said the drug works.", "Jane Doe, M D, said the drug works."),
    ("Washington, DC, is the capital.", "Washington, D C, is the capital."),
    ("Tulsa, OK 74103", "Tulsa, O K seven four one zero three"),  # before a ZIP code: spelled
    # a review's sentences: no place named before the city (a name spoken to, a signature, a
    # list's item), or Los Angeles
    ("Honolulu, HI, is warm.", "Honolulu, H I, is warm."),
    ("Look, Jake, OK, I'm sorry.", "Look, Jake, okay, I'm sorry."),
    ("Sincerely, ME.", "Sincerely, ME."),
    ("It was Bob, ME, and Carl.", "It was Bob, ME, and Carl."),
    ("Pollutants include Ozone, CO, and NO2.", "Pollutants include Ozone, C O, and N O two."),
    ("Mexico, CA, and the UK", "Mexico, C A, and the U K"),
    ("They met in Echo Park, LA.", "They met in Echo Park, L A."),
]

CHAT = [
    ("Thx for the follow! DM me anytime.", "Thanks for the follow! D M me anytime."),
    ("Thx!", "Thanks!"),
    ("Tnx for that.", "Thanks for that."),
    ("Ok tnx, bye.", "Ok thanks, bye."),
]
CHAT_UNCHANGED = [
    ("thx for the follow", "thanks for the follow"),
    ("The Thx file.", "The Thx file."),
    ("THX 1138 is a film.", "T H X eleven thirty-eight is a film."),
    ("Thanks for the follow.", "Thanks for the follow."),
]

WHO = [
    ("The WHO declared a pandemic last spring.", "The W H O declared a pandemic last spring."),
    ("The WHO's report came out.", "The W H O's report came out."),
    ("the WHO chief", "the W H O chief"),
]
WHO_UNCHANGED = [
    ("Who is it?", "Who is it?"),
    ("WHO IS IT?", "WHO IS IT?"),
    ("THE WHO DECLARED A PANDEMIC", "THE WHO DECLARED A PANDEMIC"),
    ("The band The Who played.", "The band The Who played."),
    ("WHO said so?", "WHO said so?"),
    ("He asked WHO did it.", "He asked WHO did it."),
    ("Focus on the WHO, the WHAT, and the WHY.", "Focus on the WHO, the WHAT, and the WHY."),
    ("It starts with the WHO: who buys?", "It starts with the WHO: who buys?"),
]

AM_RADIO = [
    ("AM radio stations carry farther at night.", "A M radio stations carry farther at night."),
    ("He listens to AM radio.", "He listens to A M radio."),
    ("AM and FM radio", "A M and F M radio"),
    ("an AM station", "an A M station"),
]
AM_UNCHANGED = [
    ("Call me at 10 AM.", "Call me at ten a m."),
    ("The show starts at 10 AM sharp.", "The show starts at ten a m sharp."),
    ("I AM here.", "I AM here."),
    ("I AM radio silent today.", "I AM radio silent today."),
    ("Good morning, AM is here.", "Good morning, AM is here."),
]

PHD = [
    ("She has a PhD in physics from Stanford.", "She has a P H D in physics from Stanford."),
    ("Two PhDs joined.", "Two P H D's joined."),
    ("PhD students", "P H D students"),
]
PHD_UNCHANGED = [
    ("a Ph.D. in math", "a P H D in math"),
    ("RBIs", "R B I's"),
    ("He had 3 RBIs.", "He had three R B I's."),
]

IT_TRADE = [
    ("She works in HR and he works in IT.", "She works in H R and he works in I T."),
    ("careers in IT and finance", "careers in I T and finance"),
    ("a degree in IT.", "a degree in I T."),
]
IT_UNCHANGED = [
    ("IT is coming.", "IT is coming."),
    ("I saw IT in theaters.", "I saw IT in theaters."),
    ("Put IT in the box.", "Put IT in the box."),
    ("We believe in IT.", "We believe in IT."),
    ("I'm in it.", "I'm in it."),
    ("the IT department", "the I T department"),
    ("His first role in IT was small.", "His first role in IT was small."),  # the film
]

# borderline readings of the audit: a measure before what it measures, two variables
MODIFIERS = [
    (
        "Hurricane Ian made landfall as a Category 4 storm with 150 mph winds.",
        "Hurricane Ian made landfall as a Category four storm with one hundred fifty mile per"
        " hour winds.",
    ),
    ("with 60 km/h gusts", "with sixty kilometer per hour gusts"),
    (
        "The USB-C port supports 100W charging.",
        "The U S B-C port supports one hundred-watt charging.",
    ),
    (
        "E = mc² is Einstein's most famous equation.",
        "E equals m c squared is Einstein's most famous equation.",
    ),
]
MODIFIERS_UNCHANGED = [
    ("winds of 150 mph", "winds of one hundred fifty miles per hour"),
    ("He drove 60 mph today.", "He drove sixty miles per hour today."),
    ("It uses 100W.", "It uses one hundred watts."),
    ("It blew at 150 mph.", "It blew at one hundred fifty miles per hour."),
    ("The ab² term", "The ab squared term"),
    ("a = b²", "a equals b squared"),
    ("Above 3000 m winds are strong.", "Above three thousand meters winds are strong."),
    ("After 15 min charging it was full.", "After fifteen minutes charging it was full."),
]

CASES = (
    HASHTAGS
    + HASHTAGS_UNCHANGED
    + MODEL_NUMBERS
    + MODEL_NUMBERS_UNCHANGED
    + SCALE_PLUS
    + SCALE_PLUS_UNCHANGED
    + CUPS
    + CUPS_UNCHANGED
    + FORMULAS
    + FORMULAS_UNCHANGED
    + EQUATIONS
    + EQUATIONS_UNCHANGED
    + POSTAL_STATES
    + POSTAL_STATES_UNCHANGED
    + CHAT
    + CHAT_UNCHANGED
    + WHO
    + WHO_UNCHANGED
    + AM_RADIO
    + AM_UNCHANGED
    + PHD
    + PHD_UNCHANGED
    + IT_TRADE
    + IT_UNCHANGED
    + MODIFIERS
    + MODIFIERS_UNCHANGED
)


@pytest.mark.parametrize(("written", "said"), CASES)
def test_audit5_reading(written: str, said: str) -> None:
    assert normalize_for_tts(written) == said


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        "hashtag #a ", "#a, ", "AB 2500 ", "1M+ ", "1 c. of milk ", "H2SO4 ", "NaCl ", "= ab^2 ",
        "Eq. (1) ", "Aa, TX, ", "the WHO ", "AM radio ", "works in IT ", "PhD ", "5 mph winds ",
    ],
)  # fmt: skip
def test_audit5_rules_take_linear_time(unit: str) -> None:
    """Four times the text takes about four times as long for each of this audit's patterns."""
    assert grows_linearly(unit, normalize_for_tts)
