"""Readings fixed after a second review of the news-copy rounds (tests/test_normalize_news4.py,
tests/test_normalize_news5.py): quarters before a verb, a month with a two-digit year, glued
durations, chains of quarters, amounts before a negated verb, the pronoun after a title,
superscripts after ordinals, Greek letters, units and money, hydrogen; each with the nearby
readings that must stay."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

READINGS = [
    # 1. a quarter before a verb is a noun phrase; an adjective only before a noun of finance
    # copy or a word with a capital
    ("Q3 2024 saw record sales.", "The third quarter of twenty twenty-four saw record sales."),
    ("Q3 2024 brought losses.", "The third quarter of twenty twenty-four brought losses."),
    ("Q2 2025 beat estimates.", "The second quarter of twenty twenty-five beat estimates."),
    ("H1 2025 looks weak.", "The first half of twenty twenty-five looks weak."),
    ("Q4 2023 remains key.", "The fourth quarter of twenty twenty-three remains key."),
    ("Q3 2024 does not look good.", "The third quarter of twenty twenty-four does not look good."),
    ("Q3 2024 won't be easy.", "The third quarter of twenty twenty-four won't be easy."),
    ("Q3 2024 isn't over.", "The third quarter of twenty twenty-four isn't over."),
    ("Q3 2024 just ended.", "The third quarter of twenty twenty-four just ended."),
    ("Q1 2024 set a record.", "The first quarter of twenty twenty-four set a record."),
    (
        "Apple's Q3 2024 beat estimates.",
        "Apple's third quarter of twenty twenty-four beat estimates.",
    ),
    ("Q3 2024 results were good.", "Third-quarter twenty twenty-four results were good."),
    ("Q3 2024 net income rose.", "Third-quarter twenty twenty-four net income rose."),
    ("Q2 2024 revenue fell.", "Second-quarter twenty twenty-four revenue fell."),
    ("Q4 2024 guidance was cut.", "Fourth-quarter twenty twenty-four guidance was cut."),
    ("4Q23 EPS rose.", "Fourth-quarter twenty twenty-three E P S rose."),
    ("The Q3 2024 iPhone launch", "The third-quarter twenty twenty-four iPhone launch"),
    ("Q1 '25 sales were flat.", "First-quarter twenty twenty-five sales were flat."),
    # 2. a month with a two-digit year: the year in full, no day
    ("since Jan '21", "since January twenty twenty-one"),
    ("in Mar '20", "in March twenty twenty"),
    ("Dec '19", "December twenty nineteen"),
    ("Sept. '23", "September twenty twenty-three"),
    ("Sept '23 was the hottest month", "September twenty twenty-three was the hottest month"),
    ("Nov '22:", "November twenty twenty-two:"),
    ("May '21", "May twenty twenty-one"),
    ("Feb. '22", "February twenty twenty-two"),
    ("The Jan '24 issue", "The January twenty twenty-four issue"),
    ("Oct '23 to Mar '24", "October twenty twenty-three to March twenty twenty-four"),
    ("Jan '85", "January nineteen eighty-five"),
    ("in '08", "in oh eight"),
    ("the '08-'09 crisis", "the oh eight to oh nine crisis"),
    ("Enter '01' for January", "Enter 'zero one' for January"),
    ("Jan 5", "January fifth"),
    # 3. glued hours and minutes with a word of a duration near are a duration (news7: else a clock)
    ("Runtime: 2h15", "Runtime: two hours fifteen minutes"),
    ("Duration: 1h45", "Duration: one hour forty-five minutes"),
    ("Charge time: 1h30", "Charge time: one hour thirty minutes"),
    ("He spent 1h30 on it", "He spent one hour thirty minutes on it"),
    ("We waited 1h30", "We waited one hour thirty minutes"),
    ("It needs 2h30 to charge", "It needs two hours thirty minutes to charge"),
    ("The film runs 2h10", "The film runs two hours ten minutes"),
    ("Allow 1h30", "Allow one hour thirty minutes"),
    ("It took me 2h30 to finish", "It took me two hours thirty minutes to finish"),
    ("It took us 3h15", "It took us three hours fifteen minutes"),
    ("1h30 of footage", "one hour thirty minutes of footage"),
    ("Her time was 2h18", "Her time was two hours eighteen minutes"),
    ("The record is 2h01", "The record is two hours one minute"),
    ("It lasts 2h00", "It lasts two hours"),
    ("at 9h30", "at nine thirty"),
    ("Open 8h30-17h30", "Open eight thirty to seventeen thirty"),
    ("Departure 8h15.", "Departure eight fifteen."),
    ("Doors: 19h30", "Doors: nineteen thirty"),
    ("by 16h00", "by sixteen hundred"),
    ("9h30 pm", "nine thirty p m"),
    ("It took 1h30-1h45.", "It took one hour thirty minutes to one hour forty-five minutes."),
    ("a 1h30 flight", "a one hour thirty minute flight"),
    # with no word of a duration, hours 13-23, a leading zero or ":00" are a clock's
    ("the 14h00 news", "the fourteen hundred news"),
    ("Kickoff 18h30.", "Kickoff eighteen thirty."),
    ("the 08h15 train", "the eight fifteen train"),
    ("It took 14h30 to finish", "It took fourteen hours thirty minutes to finish"),
    ("He lost 12h30 of work", "He lost twelve hours thirty minutes of work"),
    # a period before a word that is no verb describes it (the third review)
    ("Q3 2024 smartphone shipments.", "Third-quarter twenty twenty-four smartphone shipments."),
    (
        "The Q3 2024 letter to shareholders",
        "The third-quarter twenty twenty-four letter to shareholders",
    ),
    ("Q3 2024 capex rose", "Third-quarter twenty twenty-four capex rose"),
    ("Q3 2024 looks good.", "The third quarter of twenty twenty-four looks good."),
    ("Q3 2024 drove growth", "The third quarter of twenty twenty-four drove growth"),
    ("Q3 2024 just ended.", "The third quarter of twenty twenty-four just ended."),
    # the century of a two-digit year after a month is fixed, not the day's
    ("Dec '30", "December twenty thirty"),
    ("Dec '31", "December nineteen thirty-one"),
    # 4. quarters of one year joined by "through", "to", "or" or in a list: read alike
    (
        "The report covers Q1 through Q3 2024",
        "The report covers the first through third quarters of twenty twenty-four",
    ),
    ("Q1 to Q3 2024", "The first to third quarters of twenty twenty-four"),
    ("In Q1 or Q2 2025", "In the first or second quarter of twenty twenty-five"),
    ("Q3 or Q4 2024", "The third or fourth quarter of twenty twenty-four"),
    (
        "Q1, Q2 and Q3 2024 were strong",
        "The first, second and third quarters of twenty twenty-four were strong",
    ),
    (
        "Q1, Q2, and Q3 2024 results",
        "First-, second-, and third-quarter twenty twenty-four results",
    ),
    ("Q1 to Q3 2024 results", "First- to third-quarter twenty twenty-four results"),
    ("in Q3 and Q4 2024", "in the third and fourth quarters of twenty twenty-four"),
    ("H1 and H2 2023", "The first and second halves of twenty twenty-three"),
    ("Q1 vs Q3 2024", "Q one versus Q three twenty twenty-four"),  # as written, all of it
    ("Q3, Q1 and Q2 2024", "Q three, Q one and Q two twenty twenty-four"),
    ("Q4 and Q1 2024", "Q four and Q one twenty twenty-four"),
    ("Q1-Q2 2024", "Q one to Q two twenty twenty-four"),
    (
        "Between Q1 2023 and Q4 2023 sales rose.",
        "Between the first quarter of twenty twenty-three and the fourth quarter of twenty"
        " twenty-three sales rose.",
    ),
    # 5. an amount after an owner or a determiner before a negated verb or an irregular past
    ("Ford's $2 billion isn't enough.", "Ford's two billion dollars isn't enough."),
    (
        "Microsoft's $69 billion won't be approved",
        "Microsoft's sixty-nine billion dollars won't be approved",
    ),
    ("The extra $5 million won't help", "The extra five million dollars won't help"),
    ("Musk's $44 billion gave him Twitter", "Musk's forty-four billion dollars gave him Twitter"),
    ("Apple's $3 trillion took years", "Apple's three trillion dollars took years"),
    ("Apple's $3 trillion did not last", "Apple's three trillion dollars did not last"),
    ("Apple's $3 trillion hit the headlines", "Apple's three trillion dollars hit the headlines"),
    ("The $5 million isn't enough", "The five million dollars isn't enough"),
    ("The $2-billion wasn't enough", "The two billion dollars wasn't enough"),
    ("The $5 billion hit to earnings", "The five billion dollar hit to earnings"),
    ("The $5 million cost overrun", "The five million dollar cost overrun"),
    ("The $5 million set aside", "The five million dollars set aside"),
    ("Microsoft's $69 billion deal", "Microsoft's sixty-nine billion dollar deal"),
    ("a $5 million deal", "a five million dollar deal"),
    # 6. after a title the numeral only where the title opens the phrase
    ("When I met King Charles I was nervous.", "When I met King Charles I was nervous."),
    ("Seeing Queen Mary I cried", "Seeing Queen Mary I cried"),
    (
        "Having interviewed King Charles I wrote this piece",
        "Having interviewed King Charles I wrote this piece",
    ),
    (
        "After the meeting with King Charles I had lunch",
        "After the meeting with King Charles I had lunch",
    ),
    ("As for King Charles I was impressed", "As for King Charles I was impressed"),
    ("Thanks to Pope John I learned Latin", "Thanks to Pope John I learned Latin"),
    ("When I saw Pope John I smiled", "When I saw Pope John I smiled"),
    (  # before "and" or "as" no pronoun's verb: the numeral, whatever comes before the title
        "I shook hands with King Charles I and then left",
        "I shook hands with King Charles the first and then left",
    ),
    ("He served King Charles I and his son.", "He served King Charles the first and his son."),
    ("Paintings depict King James I as wise.", "Paintings depict King James the first as wise."),
    ("Queen Elizabeth I knighted him", "Queen Elizabeth the first knighted him"),
    ("King Charles I and his wife", "King Charles the first and his wife"),
    ("The reign of King Henry I was long.", "The reign of King Henry the first was long."),
    ("When King John I died, he fled.", "When King John the first died, he fled."),
    ("In 1625, King Charles I married", "In sixteen twenty-five, King Charles the first married"),
    ("King Charles I love this dog", "King Charles I love this dog"),
    # 9. area and volume with a superscript: "square feet", "cubic foot" as "m²" is read
    ("A 1,500 ft² home", "A one thousand five hundred square foot home"),
    ("A 5 cm² wound", "A five square centimeter wound"),
    ("A 1.5 mm² wire", "A one point five square millimeter wire"),
    ("The 30 ft³ fridge", "The thirty cubic foot fridge"),
    ("850 ft²", "eight hundred fifty square feet"),
    ("5 mi²", "five square miles"),
    ("A 5 m² room", "A five square meter room"),
    ("850 m²", "eight hundred fifty square meters"),
    ("a 5-km race", "a five-kilometer race"),
    ("9.8 m/s²", "nine point eight meters per second squared"),
    # 7. an ordinal's letters after a number are left to NFKC
    ("We finished 2ⁿᵈ!", "We finished second!"),
    ("22ⁿᵈ", "twenty-second"),
    ("The 2ⁿᵈ amendment", "The second amendment"),
    ("2ⁿ", "two to the n"),
    # 8. a Greek letter is a variable: its power is kept, the letter named (_greek)
    ("A χ² test", "A chi squared test"),
    ("σ² = 0.5", "sigma squared equals zero point five"),
    ("The variance σ² is unknown", "The variance sigma squared is unknown"),
    ("β² was small", "beta squared was small"),
    ("The η² effect size", "The eta squared effect size"),
    # 11. a ratio keeps its "to", a bracketed number is a base, money takes a footnote
    ("The ratio is 1:10⁵", "The ratio is one to ten to the fifth"),
    ("(1.5)²", "(one point five) squared"),
    ("(2019)²", "(twenty nineteen)"),
    ("$400⁵", "four hundred dollars"),
    ("10⁸ cells", "ten to the eighth cells"),
    # 10. "H2" with a year is a half only where one is plausible; else hydrogen, as written
    ("Germany's H2 2030 strategy", "Germany's H two twenty thirty strategy"),
    ("green H2 2030 targets", "green H two twenty thirty targets"),
    ("Apple's H1 2024 results", "Apple's first-half twenty twenty-four results"),
    ("Guidance for H1 2025 is", "Guidance for the first half of twenty twenty-five is"),
    ("In H2 2024 sales rose.", "In the second half of twenty twenty-four sales rose."),
    ("H1 2024", "The first half of twenty twenty-four"),
    ("its H1 2025 results", "its first-half twenty twenty-five results"),
    # 11. no leading zeros in durations
    ("Kipchoge ran 2h01m09s", "Kipchoge ran two hours one minute nine seconds"),
    ("02h05m", "two hours five minutes"),
    ("4m 33s", "four minutes thirty-three seconds"),
]


@pytest.mark.parametrize(("written", "spoken"), READINGS)
def test_news_readings(written: str, spoken: str) -> None:
    assert normalize_for_tts(written) == spoken
