"""Normalizer readings mended from two reviews of session 44's rules (~2,900 sentences written
near their triggers, then ~2,300 that should and should not trigger them, read before and after
each change): each case in ``CASES`` was read worse by one of those
rules (a team's record as a height, a bra size or a floor as a temperature, "Every 90s kid" as
seconds, "See def. 2" as "defeated", lists of sizes as dates, "Kansas St." and "On 3 March Dr.
Jones" as street lines, a closing quote as an inch mark, "around 60 fps" as feet per second,
"Nah 5:30" and "Call Tim. 5:30" as Bible verses, "an F. 4th period" as a law reporter, subway
lines and chords as compass points, prices after a product name as software versions, "flew for
2100 hours" as a clock time, Spanish "de 8 a 11" with "an", "Spin Class I" as a numeral).

``CASES`` and ``STILL_READ`` (what a first draft of the mends lost) are whole readings;
``NOT_SAID`` names words a reading must not hold where the better
reading is another rule's business (the old one kept)."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

CASES = [
    # a height only before a pause, "tall" or a weight; a team's record is not one
    ("He stands 6-2, 220.", "He stands six foot two, two hundred twenty."),
    ("She stands 5-9 and weighs 130.", "She stands five foot nine and weighs one hundred thirty."),
    ("Alabama stands 7-1 in conference play.", "Alabama stands seven and one in conference play."),
    # a temperature after a word that leads to one, not a code before its noun
    ("It is 72F today.", "It is seventy-two degrees Fahrenheit today."),
    ("Highs 75-80F today.", "Highs seventy-five to eighty degrees Fahrenheit today."),
    ("Keep at 4C or below.", "Keep at four degrees Celsius or below."),
    ("Keep the cell below 45C.", "Keep the cell below forty-five degrees Celsius."),
    (
        "Bake at 180C (350F).",
        "Bake at one hundred eighty degrees Celsius (three hundred fifty degrees Fahrenheit).",
    ),
    ("A high of 95F tomorrow.", "A high of ninety-five degrees Fahrenheit tomorrow."),
    ("I bought an iPhone 5C today.", "I bought an iPhone five C today."),
    ("She wore a 34C bra on a hot day.", "She wore a thirty-four C bra on a hot day."),
    ("Our office is on 3F today.", "Our office is on three F today."),
    ("Take the 14C bus on cold days.", "Take the fourteen C bus on cold days."),
    ("The elevator to 7F is hot today.", "The elevator to seven F is hot today."),
    ("The bra is 34C today.", "The bra is thirty-four C today."),
    ("Charge at 1C when warm.", "Charge at one C when warm."),
    ("Berth 3C is warm.", "Berth three C is warm."),
    ("He lives in 4F and it's warm there.", "He lives in four F and it's warm there."),
    ("Meet me at 3C today.", "Meet me at three C today."),  # a place to meet
    # a letter moved in a list or a word is no compass point, after a word of going too
    ("Moving S to the end of the list.", "Moving S to the end of the list."),
    ("Turning N into a word is easy.", "Turning N into a word is easy."),
    ("Heading S to the end of the road.", "Heading south to the end of the road."),
    (
        "The front is moving E across the list of states.",
        "The front is moving east across the list of states.",
    ),
    ("See you at 4F tonight.", "See you at four F tonight."),
    ("It was warm at 30C today.", "It was warm at thirty degrees Celsius today."),
    ("Add 2 c warm water.", "Add two cups warm water."),
    ("Keep at 4 c cold storage.", "Keep at four c cold storage."),
    # decades before their noun stay decades after "every", "took", "takes"
    ("Every 90s kid remembers it.", "Every nineties kid remembers it."),
    # a pair reads as one: decades before their noun, seconds after a word of time
    ("Every 80s or 90s kid knows it.", "Every eighties or nineties kid knows it."),
    ("Every 80s and 90s movie had one.", "Every eighties and nineties movie had one."),
    (
        "It retries every 10s or 20s until done.",
        "It retries every ten seconds or twenty seconds until done.",
    ),
    ("He loads in 2s or 3s.", "He loads in two seconds or three seconds."),
    ("She was in her 30s or 40s.", "She was in her thirties or forties."),
    ("The DJ took 80s requests.", "The D J took eighties requests."),
    ("Every 2000s kid knows.", "Every two thousands kid knows."),
    ("It retries every 30s.", "It retries every thirty seconds."),
    ("Ping every 10s and then stop.", "Ping every ten seconds and then stop."),
    ("The test runs in 4s.", "The test runs in four seconds."),
    # "def." is "defeated" only between names, "definition" before a number
    ("See def. 2 above.", "See definition two above."),
    ("Recall def. 4: a group is abelian.", "Recall definition four: a group is abelian."),
    ("She def. Won the argument.", "She def. Won the argument."),
    ("Slang def. A person who talks.", "Slang def. A person who talks."),
    ("Alcaraz def. Sinner.", "Alcaraz defeated Sinner."),
    ("UCLA def. USC 24-20.", "U C L A defeated U S C twenty-four to twenty."),
    # a list of three numbers is not a date: rising, all alike, or before a unit
    ("Financing for 12/24/36 months.", "Financing for twelve twenty-four thirty-six months."),
    ("Girls' sizes 10/12/14.", "Girls' sizes ten twelve fourteen."),
    ("Use 10/10/10 fertilizer.", "Use ten ten ten fertilizer."),
    ("NPK 10/20/10 is good.", "N P K ten twenty ten is good."),
    (
        "Lipitor comes in 10/20/40 mg tablets.",
        "Lipitor comes in ten twenty forty milligrams tablets.",
    ),
    ("Due 12/31/23.", "Due December thirty-first, twenty twenty-three."),
    ("Paid 01/15/24.", "Paid January fifteenth, twenty twenty-four."),
    ("It was due 10/12/14.", "It was due October twelfth, twenty fourteen."),
    # shooting lines are not dates
    ("Curry ends 7/12 from deep tonight.", "Curry ends seven twelve from deep tonight."),
    # "State" after a state's name before a team's name; stray stops
    ("No. 6 Kansas St. Wildcats held off TCU.", "Number six Kansas State Wildcats held off T C U."),
    ("The No. 7 Penn St. Nittany Lions won.", "The Number seven Penn State Nittany Lions won."),
    ("12 Ohio St. 38, 7 Penn St. 15.", "twelve Ohio State thirty-eight, seven Penn State fifteen."),
    ("No. 4 Michigan St. hosts Purdue.", "Number four Michigan State hosts Purdue."),
    (
        "The bakery at 88 Bloor St W. closes early.",
        "The bakery at eighty-eight Bloor Street West closes early.",
    ),
    ("Home has 2400 Finished Sq Ft.", "Home has two thousand four hundred Finished square feet."),
    ("The lot is 1850 Heated Sq. Ft.", "The lot is eighteen fifty Heated square feet."),
    # a day of a British date before "St"/"Dr" is no house number
    (
        "On 1 March St David's Day is celebrated.",
        "On the first of March St David's Day is celebrated.",
    ),
    ("On 3 March Dr. Jones gave a talk.", "On the third of March Doctor Jones gave a talk."),
    (
        "On 23 November Dr Who first aired.",
        "On the twenty-third of November Doctor Who first aired.",
    ),
    ("The 10 Best Dr. Who episodes.", "The ten Best Doctor Who episodes."),
    ("The 1 Hotel St. Barts is fancy.", "The one Hotel Saint Barts is fancy."),
    ("They sang 2 Schubert Ave Maria settings.", "They sang two Schubert Ave Maria settings."),
    ("12 Oak Dr. Her neighbor.", "twelve Oak Drive. Her neighbor."),
    ("221 Baker St. London is lovely.", "two twenty-one Baker Street. London is lovely."),
    # a closing quote is no inch mark
    ('She said,"I need 5" and left.', 'She said,"I need five" and left.'),
    ("They watched ''Apollo 13'' last night.", "They watched ''Apollo thirteen'' last night."),
    ('He\'s the "#1" pick in the draft.', 'He\'s the " number one" pick in the draft.'),
    ('She said "~5" minutes, not an hour.', 'She said " about five" minutes, not an hour.'),
    ('The sign said "+5" for the bonus.', 'The sign said " plus five" for the bonus.'),
    ('a 12" pizza', "a twelve-inch pizza"),
    # a minute mark is no foot mark before a word of time or travel
    ("He scored at the 90' mark.", "He scored at the ninetieth-minute mark."),
    ("He scored in the 90' minute.", "He scored in the ninetieth minute."),
    ("His 89' equalizer saved the game.", "His eighty-ninth-minute equalizer saved the game."),
    ("It's a 10' walk to the metro.", "It's a ten-minute walk to the metro."),
    ("The beach is 10' by car.", "The beach is ten minutes by car."),
    ("a 6' fence", "a six-foot fence"),
    ("Seas 4' to 6' today.", "Seas four feet to six feet today."),
    ("The 2' penalty was harsh.", "The two-foot penalty was harsh."),
    # frames per second unless a word of shooting stands before it
    ("The game runs at around 60 fps.", "The game runs at around sixty frames per second."),
    (
        "The background video plays at 30 fps.",
        "The background video plays at thirty frames per second.",
    ),
    (
        "A roundup of games that hit 120 fps.",
        "A roundup of games that hit one hundred twenty frames per second.",
    ),
    (
        "The arrow left the bow at 300 fps.",
        "The arrow left the bow at three hundred feet per second.",
    ),
    # books of the Bible: not a word or a name before a clock time
    ("Nah 5:30 is too early for me.", "Nah five thirty is too early for me."),
    # a book that is a given name, with a time before an event or after a word of meeting
    ("Esther 10:30 yoga class", "Esther ten thirty yoga class"),
    ("Mark 10:30 meeting with Bob.", "Mark ten thirty meeting with Bob."),
    ("Call John 3:30 today.", "Call John three thirty today."),
    ("John 3:16 class notes", "John chapter three, verse sixteen class notes"),
    ("See Mark 10:30 meeting notes.", "See Mark chapter ten, verse thirty meeting notes."),
    ("James 1:5 is my verse.", "James chapter one, verse five is my verse."),
    ("Meet Isa 5:30 at the cafe.", "Meet Isa five thirty at the cafe."),
    ("Pet 3:15 appointment at the vet.", "Pet three fifteen appointment at the vet."),
    ("I'll call Tim. 5:30 works for me.", "I'll call Tim. five thirty works for me."),
    (
        "Meeting with Phil. 10:30 tomorrow is fine.",
        "Meeting with Phil. ten thirty tomorrow is fine.",
    ),
    ("Hi Josh. 4:30 still good?", "Hi Josh. four thirty still good?"),
    ("Read Isa. 53:5 today.", "Read Isaiah chapter fifty-three, verse five today."),
    ("See 2 Tim. 3:16.", "See Second Timothy chapter three, verse sixteen."),
    # a grade's "F." is no law reporter; "Cir." a circuit only after a court's number
    ("He got an F. 4th period was rough.", "He got an F. fourth period was rough."),
    ("Meet me at the 2nd Cir. off Main.", "Meet me at the second Cir. off Main."),
    (
        "Smith v. Jones, 123 F. 4th 456 (9th Cir. 2024).",
        "Smith versus Jones, one hundred twenty-three F fourth four hundred fifty-six (Ninth "
        "Circuit twenty twenty-four).",
    ),
    # a lone letter after "from the"/"to" is a line, a string or a key, not a bearing
    (
        "Moving from the E to the A chord takes practice.",
        "Moving from the E to the A chord takes practice.",
    ),
    ("Transfer from the N to the R at Canal St.", "Transfer from the N to the R at Canal Street."),
    ("Shifting to E minor for the bridge.", "Shifting to E minor for the bridge."),
    ("We walked from the W Hotel to the park.", "We walked from the W Hotel to the park."),
    # a price after a product's name is no version
    ("Iced Java 3.75, Latte 4.25.", "Iced Java three point seven five, Latte four point two five."),
    (
        "Windows 3.11 was released in 1993.",
        "Windows three point one one was released in nineteen ninety-three.",
    ),
    ("Julia 1.65 meters tall.", "Julia one point six five meters tall."),
    ("Python 3.12 is out.", "Python three point twelve is out."),
    # hours flown or worked are a count
    ("He flew for 2300 hours.", "He flew for two thousand three hundred hours."),
    (
        "The lawyer charged for 2100 hours.",
        "The lawyer charged for two thousand one hundred hours.",
    ),
    # an acronym of a buffer after "10x" is a stock's strength
    ("A 10x TBE buffer.", "A ten x T B E buffer."),
    ("It has 1x HDMI and 2x USB.", "It has one x H D M I and two x U S B."),
    # the first part of a list is a count as the others ("two times H D M I" had been said)
    ("The dock has 2x HDMI, 1x USB-C.", "The dock has two x H D M I, one x U S B-C."),
    ("Revenue was 2x EBITDA, 3x sales.", "Revenue was two times EBITDA, three times sales."),
    ("It grew 10x MAU and 5x revenue.", "It grew ten times M A U and five times revenue."),
    # a stop typed before the next word is no dotfile
    ("i got home late .my mom was mad", "i got home late.my mom was mad"),
    ("see you soon .bye", "see you soon.bye"),
    ("Edit your .bashrc file.", "Edit your dot bashrc file."),
    # "a" in Spanish stays "a"
    ("Horario: lunes a viernes de 8 a 11.", "Horario: lunes a viernes de eight a eleven."),
    ("Va a 80 km/h.", "Va a eighty kilometers per hour."),
    ("It was a 8-hour day.", "It was an eight-hour day."),
    # a lone "I" after "Class" is the pronoun unless a numeral's context holds
    ("After Spin Class I felt great.", "After Spin Class I felt great."),
    (
        "In Business Class I think the seats are better.",
        "In Business Class I think the seats are better.",
    ),
    ("Vol. X is out.", "Volume ten is out."),
    ("Ch. X covers it.", "Chapter ten covers it."),
]

# the reading must not hold these words (what a mended rule stopped saying)
NOT_SAID = [
    ("Duke stands 6-1 in ACC play after Saturday's win.", "foot"),
    ("Penn State stands 7-0 heading into November.", "foot"),
    ("Villanova stands 5-3 overall.", "foot"),
    ("Charge at 1C and keep the cell below 45C.", "one degrees"),
    ("Rated 1C charge, 2C discharge.", "degrees"),
    ("The temperature was 4 c cold.", "cups"),
    ("Kohli scored 60 runs in 4s and 6s before lunch.", "seconds"),
    ("The playlist takes 90s hits and remixes them.", "seconds"),
    ("Using def. 3.2 we obtain the bound.", "defeated"),
    ("I'm def. Going to be late", "defeated"),
    ("Dose titrated from 5/10/20 mg over three weeks.", "May"),
    ("Do 10/12/15 reps.", "October"),
    ("Split 10/20/70.", "nineteen"),
    ("Tatum starts 5/20 from three in the series.", "May"),
    ("No. 25 Washington St. Cougars lost.", "Street"),
    ("On 26 December St Stephen's Day is a holiday.", "Street"),
    ("On 6 January St. Agnes church was full.", "Street"),
    ('He said:"I\'m 6" and laughed.', "inch"),
    ("The film ''Catch-22'' is a classic.", "inch"),
    ('The label read "#10" for the can size.', "inch"),
    ("A 20' walk from the station, the hotel waited.", "foot"),
    ("The castle is 15' by taxi.", "feet"),
    ("Rainbow Six Siege runs at 144 fps.", "feet"),
    ("The elbow cam records at 60 fps.", "feet"),
    ("Ps 5:30 is better", "verse"),
    ('"Call Tim. 5:30 works," she texted.', "verse"),
    ("Thanks Rom. 9:30 works.", "verse"),
    ("Highs near 95 F. 4th of July fireworks are still on.", "F fourth"),
    ("Transfer from the W at 59th.", "west"),
    ("From the S shuttle to the 4.", "south"),
    ("Tune from the E up.", "east"),
    ("House Java 2.95 and a muffin.", "ninety-five"),
    ("D'Andre Swift 4.48 was his official time.", "forty-eight"),
    ("She volunteered for 2200 hours last year.", "twenty-two hundred"),
    ("The 50x TAE stock.", "times"),
    ("meet at 5 .ok?", "dot"),
    ("ok.log off now", "dot"),
    ("Precio: de 5 a 8 euros.", " an "),
    ("In Economy Class I sat by the window.", "one"),
    ("The Class I took last year was fun.", "one"),
]


# readings the rules must still make (a second review found each lost to a first draft of the
# mends above)
STILL_READ = [
    ("Preheat your oven to 350F.", "Preheat your oven to three hundred fifty degrees Fahrenheit."),
    (
        "Highs: Dallas 72F, Houston 45F.",
        "Highs: Dallas seventy-two degrees Fahrenheit, Houston forty-five degrees Fahrenheit.",
    ),
    (
        "She had a fever of 102F last night.",
        "She had a fever of one hundred two degrees Fahrenheit last night.",
    ),
    ("Heat the oil to 180C.", "Heat the oil to one hundred eighty degrees Celsius."),
    ("It was a balmy 67F today.", "It was a balmy sixty-seven degrees Fahrenheit today."),
    (
        "My favorite verse is Matt. 5:44.",
        "My favorite verse is Matthew chapter five, verse forty-four.",
    ),
    ("My favorite verse is Ps. 19:14.", "My favorite verse is Psalm nineteen, verse fourteen."),
    (
        "“All things work together for good.” — Rom. 8:28",
        '"All things work together for good." - Romans chapter eight, verse twenty-eight',
    ),
    ("Register a .com domain today.", "Register a dot com domain today."),
    ("Export as .csv and upload.", "Export as dot csv and upload."),
    ("Add this line to your .emacs.", "Add this line to your dot emacs."),
    ("Check app.log in the logs folder.", "Check app dot log in the logs folder."),
    (
        "Send it to 1 Washington St Suite 400.",
        "Send it to one Washington Street Suite four hundred.",
    ),
    ("The house at 45 April Ln. sold fast.", "The house at forty-five April Lane sold fast."),
    (
        "She died 12/31/23 in Chicago.",
        "She died December thirty-first, twenty twenty-three in Chicago.",
    ),
    (
        "Tickets for the 10/18/24 show are gone.",
        "Tickets for the October eighteenth, twenty twenty-four show are gone.",
    ),
    ("He stands 6-2 and can dunk.", "He stands six foot two and can dunk."),
    ("Go 1.22 adds range over integers.", "Go one point twenty-two adds range over integers."),
    ("Timeout of 30s exceeded.", "Timeout of thirty seconds exceeded."),
    (
        "A cooldown of 120s applies between uses.",
        "A cooldown of one hundred twenty seconds applies between uses.",
    ),
    ("Traffic heading N on I-95 is slow.", "Traffic heading north on I-ninety-five is slow."),
    (
        "Winds becoming S Saturday at 15 mph.",
        "Winds becoming south Saturday at fifteen miles per hour.",
    ),
    ("Rams def. 49ers 24-20.", "Rams defeated forty-niners twenty-four to twenty."),
    (
        "Wesley So def. Fabiano Caruana in 41 moves.",
        "Wesley So defeated Fabiano Caruana in forty-one moves.",
    ),
    (
        "The round exits at 2,800 fps.",
        "The round exits at two thousand eight hundred feet per second.",
    ),
    ("Crossbow bolts hit 400 fps.", "Crossbow bolts hit four hundred feet per second."),
    ("Appeal to the 9th Cir. is pending.", "Appeal to the Ninth Circuit is pending."),
    ("He clerked at the 9th Cir. for a year.", "He clerked at the Ninth Circuit for a year."),
    ("Install a 6' header over the door.", "Install a six-foot header over the door."),
    ("Stop at the 50' mark on the tape.", "Stop at the fifty-foot mark on the tape."),
    ("We bought an 8' walk-in cooler.", "We bought an eight-foot walk-in cooler."),
    ("In the city a 18-year-old was shot.", "In the city an eighteen-year-old was shot."),
]


@pytest.mark.parametrize(("written", "said"), CASES + STILL_READ)
def test_reading(written: str, said: str) -> None:
    assert normalize_for_tts(written) == said


@pytest.mark.parametrize(("written", "word"), NOT_SAID)
def test_not_said(written: str, word: str) -> None:
    assert word not in normalize_for_tts(written)
