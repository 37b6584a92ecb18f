"""Measures and rates a news and recipe audit found misread: fractions of a unit, vulgar
fractions after a digit, rates with a slash, units the table lacked, clock times in hours,
period-over-period, team names, capitalized abbreviations and "~" before an amount."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

READINGS = [
    # a vulgar fraction right after a digit (NFKC made "1½" eleven-two)
    ("1½ cups", "one and a half cups"),
    ("Platform 9¾", "Platform nine and three quarters"),
    ("3⅓ hours", "three and a third hours"),
    ("½ cup", "one half cup"),
    # fractions of a unit: the unit was read after the fraction's bottom ("one two pounds")
    ("1/2 lb of beef", "half a pound of beef"),
    ("3/4 oz", "three quarters of an ounce"),
    ("2 1/2 lbs", "two and a half pounds"),
    ("2 ½ lbs", "two and a half pounds"),
    ("5/8 in. of rain", "five eighths of an inch of rain"),
    ("a 1/2-lb burger", "a half-pound burger"),
    ("a 3/4-in. pipe", "a three-quarter-inch pipe"),
    ("a 2 1/2-lb bag", "a two and a half-pound bag"),
    ("1/4-mi walk", "quarter-mile walk"),
    ("1/2 hour", "half an hour"),
    ("3/4 mile", "three quarters of a mile"),
    ("1/2 cup of milk", "half a cup of milk"),
    # ... while a recipe's cup, a fraction before another word, or after "a" stay plain
    ("3/4 cup", "three quarters cup"),
    ("1/3 cup sugar", "one third cup sugar"),
    ("a 1/2 day off", "a one half day off"),
    ("1/2 of them", "one half of them"),
    # rates: "/" after an amount is "a" (time) or "per" (the rest)
    ("$1,500/month", "one thousand five hundred dollars a month"),
    ("$12/hr", "twelve dollars an hour"),
    ("$78.40/bbl", "seventy-eight dollars and forty cents per barrel"),
    ("$2,050/oz", "two thousand fifty dollars per ounce"),
    ("50 mg/day", "fifty milligrams a day"),
    ("150 µg/m³", "one hundred fifty micrograms per cubic meter"),
    ("20 km/L", "twenty kilometers per liter"),
    ("$2.5m/yr", "two point five million dollars a year"),
    ("5 km/h", "five kilometers per hour"),
    ("24/7", "twenty-four seven"),
    ("and/or 5", "and or five"),
    # units the table lacked
    ("12-18 in. of snow", "twelve to eighteen inches of snow"),
    ("1 in. of rain", "one inch of rain"),
    ("ran it in 9.58s, a record", "ran it in nine point five eight seconds, a record"),
    ("the 1960s", "the nineteen sixties"),
    ("150 hp", "one hundred fifty horsepower"),
    ("8.1 bn people", "eight point one billion people"),
    ("$137 bn", "one hundred thirty-seven billion dollars"),
    ("10k people", "ten thousand people"),
    ("3.5k fans", "three point five thousand fans"),
    ("a 10k run", "a ten k run"),
    ("4k video", "four k video"),
    ("the 401k plan", "the four oh one k plan"),
    ("401(k) plans", "four oh one k plans"),
    (
        "His salary is $2.5m p.a. He left.",
        "His salary is two point five million dollars per annum. He left.",
    ),
    ("5% p.a.", "five percent per annum."),
    # clock times in hours: a leading zero or a time word before; else a count
    ("departs at 0600 hrs", "departs at oh six hundred hours"),
    ("at 1430 hours", "at fourteen thirty hours"),
    ("0905 hrs", "oh nine oh five hours"),
    ("from 0000 hrs", "from zero hundred hours"),
    ("2000 hours of video", "two thousand hours of video"),
    # period over period, teams
    ("up 1.4% YoY", "up one point four percent year over year"),
    ("rose 5% y/y.", "rose five percent year over year."),
    ("QoQ growth", "quarter over quarter growth"),
    ("the 49ers", "the forty-niners"),
    ("the 76ers won", "the seventy-sixers won"),
    # capitalized abbreviations at a sentence start, "~" before an amount
    ("Approx. 3/4 of voters", "Approximately three quarters of voters"),
    ("Etc. is fine.", "Et cetera is fine."),
    ("it costs ~$5 or ~€3", "it costs about five dollars or about three euros"),
    ("~5 km", "about five kilometers"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_measure_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


# from a normalization audit of 488 sentences (yuyin.text._ranges and more units)
AUDIT_READINGS = [
    ("Expect $5-10 million in costs.", "Expect five to ten million dollars in costs."),
    ("Sales hit $5-10 billion.", "Sales hit five to ten billion dollars."),
    ("$45-$120", "forty-five dollars to one hundred twenty dollars"),
    ("The meeting runs 3-4 p.m.", "The meeting runs three to four p m."),
    ("open Monday-Friday, 9 a.m.-5 p.m.", "open Monday to Friday, nine a m to five p m."),
    ("The clinic is open Tue-Sat.", "The clinic is open Tuesday to Saturday."),
    ("Jan.-March", "January to March"),
    ("the Chicago Sun-Times", "the Chicago Sun-Times"),
    ("Washington, DC 20500.", "Washington, D C two zero five zero zero."),
    ("Springfield, IL 62704-1234", "Springfield, I L six two seven zero four one two three four"),
    ("The ZIP code is 90210.", "The ZIP code is nine zero two one zero."),
    ("Suite 3400", "Suite thirty-four hundred"),  # no ZIP code; a suite number in pairs
    (
        "His blood pressure was 120/80 mmHg.",
        "His blood pressure was one twenty over eighty millimeters of mercury.",
    ),
    ("Glucose was 110 mg/dL.", "Glucose was one hundred ten milligrams per deciliter."),
    ("The dose is 1.5 mg/kg/day.", "The dose is one point five milligrams per kilogram per day."),
    ("200 mcg of folic acid", "two hundred micrograms of folic acid"),
    ("Add 10 µL of buffer", "Add ten microliters of buffer"),
    ("2.5 µM", "two point five micromolar"),
    ("72 bpm", "seventy-two beats per minute"),
    ("The half-life is 6-8 h.", "The half-life is six to eight hours."),
    ("1 Gbps", "one gigabit per second"),
    ("1.2 GW", "one point two gigawatts"),
    ("27.3 ppg", "twenty-seven point three points per game"),
    ("8 reb and 6 ast", "eight rebounds and six assists"),
    (
        "It rose 0.5 pp to 4.1%.",
        "It rose zero point five percentage points to four point one percent.",
    ),
    ("The temperature is 72 degrees F.", "The temperature is seventy-two degrees Fahrenheit."),
    ('The TV is 65".', "The T V is sixty-five inches."),
    ("He is 5'11\" tall", "He is five foot eleven tall"),
    ('He said "65" twice', 'He said "sixty-five" twice'),
    ("He's 6 ft. tall.", "He's six feet tall."),
    ("Use 2 (8-oz.) packages", "Use two (eight-ounce) packages"),
    ("Under Art. 5 of the treaty", "Under Article five of the treaty"),
    ("Pursuant to Para. 4, the claim fails.", "Pursuant to Paragraph four, the claim fails."),
    ("The govt. announced new rules.", "The government announced new rules."),
    ("He studied intl. relations.", "He studied international relations."),
    ("It was built c. 1850.", "It was built circa eighteen fifty."),
    ("The concert is Sat., Oct. 5.", "The concert is Saturday, October fifth."),
    ("42 W. 15th St.", "forty-two West fifteenth Street."),
    ("He writes code in C++ and C#.", "He writes code in C plus plus and C sharp."),
    ("The app is built on .NET 8.", "The app is built on dot net eight."),
    ("Download v2.3 now", "Download version two point three now"),
    ("Rent is $2,500/mo.", "Rent is two thousand five hundred dollars a month."),
    # currencies: more signs and codes, lakh and crore
    ("The project costs ₹1,200 crore.", "The project costs one thousand two hundred crore rupees."),
    ("He earned Rs 50 lakh.", "He earned fifty lakh rupees."),
    ("Lunch was R$50.", "Lunch was fifty Brazilian reais."),
    ("or MX$200.", "or two hundred Mexican pesos."),
    ("A ticket costs CHF 1.50.", "A ticket costs one Swiss franc and fifty centimes."),
    ("The price is 100 SEK.", "The price is one hundred Swedish kronor."),
    ("Salaries rose to 45,000 zł.", "Salaries rose to forty-five thousand zlotys."),
    ("Tickets cost ₱500.", "Tickets cost five hundred pesos."),
    ("A coffee is ₺50.", "A coffee is fifty lira."),
    ("a ₪20 note", "a twenty shekel note"),
    ("PHP 8 is out", "P H P eight is out"),
    # numbers said in pairs or digit by digit
    ("The House passed H.R. 3684.", "The House passed H R thirty-six eighty-four."),
    ("His F-150 was stolen.", "His F one fifty was stolen."),
    ("I-280 south", "I two eighty south"),
    ("the B-52 flew", "the B-fifty-two flew"),
    (
        "Call 020 7946 0018 now.",
        "Call zero two zero, seven nine four six, zero zero one eight now.",
    ),
    (
        "His number is 07700 900123.",
        "His number is zero seven seven zero zero, nine zero zero one two three.",
    ),
    ("Error 0x80070005.", "Error zero x eight zero zero seven zero zero zero five."),
    # sizes, adjectival units, ratings, dates without a year
    (
        "The tumor measured 3.2 x 2.1 cm.",
        "The tumor measured three point two by two point one centimeters.",
    ),
    (
        "The speed of light is 3 x 10^8 m/s.",
        "The speed of light is three times ten to the power of eight meters per second.",
    ),
    ("a 5 x 7 photo", "a five x seven photo"),
    (
        "It has 16GB of RAM and a 512 GB SSD.",
        "It has sixteen gigabytes of RAM and a five hundred twelve-gigabyte S S D.",
    ),
    ("Use a 2 TB drive.", "Use a two-terabyte drive."),
    ("the 400m hurdles", "the four hundred-meter hurdles"),
    ("ran the 100m in 9.58s", "ran the one hundred meters in nine point five eight seconds"),
    ("the 5 km of road", "the five kilometers of road"),
    ("I rated it 4/5.", "I rated it four out of five."),
    ("She scored 98/100 on the test.", "She scored ninety-eight out of one hundred on the test."),
    ("3/4 of voters", "three quarters of voters"),
    ("The launch is set for 12/25.", "The launch is set for December twenty-fifth."),
    ("The event is on 3/15.", "The event is on March fifteenth."),
    ("on 2/30 we", "on two thirty we"),
]


@pytest.mark.parametrize(("written", "spoken"), AUDIT_READINGS)
def test_audit_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


TAG_AND_TIME_READINGS = [
    ("Join us with #TTSRocks.", "Join us with hashtag T T S Rocks."),
    ("#MeToo movement", "hashtag Me Too movement"),
    ("issue #42", "issue number forty-two"),
    ("Follow @yuyin_ai on X", "Follow at yuyin underscore ai on X"),
    ("He ran a 3:59.4 mile.", "He ran a three fifty-nine point four mile."),
    ("the race, 1:05.3 flat", "the race, one oh five point three flat"),
    ("The time is 3:45.", "The time is three forty-five."),
    ("Read Chapter xii carefully.", "Read Chapter twelve carefully."),
    ("Act v, Scene ii", "Act five, Scene two"),
    ("a part i think", "a part i think"),
    ("Call 1-800-FLOWERS.", "Call one eight hundred FLOWERS."),
    ("Text STOP to 55555.", "Text STOP to five five five five five."),
    ("The model has 7B parameters.", "The model has seven billion parameters."),
    ("The PS5 sold 50M units.", "The P S five sold fifty million units."),
    ("Apartment 4B is", "Apartment four B is"),
    ("Room 12B guests", "Room twelve B guests"),
    ("the 4K screens", "the four K screens"),
    ("The firm posted a 1.5m loss.", "The firm posted a one point five million loss."),
    ("a 100m race", "a one hundred-meter race"),
    ("The IT department fixed it.", "The I T department fixed it."),
    ("IT WAS COLD", "IT WAS COLD"),
    (
        "It started at 2024-03-15T14:30:00Z.",
        "It started at March fifteenth, twenty twenty-four, at fourteen thirty U T C.",
    ),
]


@pytest.mark.parametrize(("written", "spoken"), TAG_AND_TIME_READINGS)
def test_tag_and_time_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken


# a review of the new rules found these read worse than before; each now reads as it should
REVIEW_READINGS = [
    ("Bake for 1/2 hour.", "Bake for half an hour."),
    ("Prices were cut by 1/3 last year.", "Prices were cut by one third last year."),
    ("Phase 1B trials", "Phase one B trials"),
    ("Buy 3M masks", "Buy three M masks"),
    ("After 1000 hours of practice", "After one thousand hours of practice"),
    ("I ran a 5k.", "I ran a five k."),
    ("An 18k gold ring", "An eighteen k gold ring"),
    ('He said "the answer is 42" and left.', 'He said "the answer is forty-two" and left.'),
    ("The report runs 240 pp.", "The report runs two hundred forty pages."),
    (
        "The board is 3/4 in. The frame is oak.",
        "The board is three quarters of an inch. The frame is oak.",
    ),
    ("WIN UP TO 50000 OR 60000 POINTS", "WIN UP TO fifty thousand OR sixty thousand POINTS"),
    ("DOOR 12345", "DOOR twelve thousand three hundred forty-five"),
    ("A 10 m deal", "A ten-meter deal"),
    ("We use CAD 2024 for drafting.", "We use CAD twenty twenty-four for drafting."),
    ("In 1969 N. Armstrong walked", "In nineteen sixty-nine N. Armstrong walked"),
    ("Lose the 5 kg quickly", "Lose the five kilograms quickly"),
]


@pytest.mark.parametrize(("written", "spoken"), REVIEW_READINGS)
def test_review_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken
