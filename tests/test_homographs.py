"""Homographs read as their sentence calls for (yuyin.text.homographs), through G2P and the TTS
front end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yuyin.text import _homograph_tables as T
from yuyin.text import homographs
from yuyin.text._homograph_context import WINDOW, context_of
from yuyin.text.g2p import G2P, G2POptions, spell
from yuyin.text.homographs import _OWN, HOMOGRAPHS, reading_in_context
from yuyin.text.lexicon import Lexicon, load_cmudict
from yuyin.text.phonemize import WORD_BOUNDARY, phonemize

BENCH = Path(__file__).resolve().parent.parent / "bench" / "homographs"


@pytest.fixture(scope="module")
def g2p() -> G2P:
    return G2P(lexicon=load_cmudict())


def _said(g2p: G2P, sentence: str, word: str) -> list[str]:
    return [" ".join(p.phones) for p in g2p(sentence) if p.word.lower() == word.lower()]


@pytest.mark.parametrize(
    ("sentence", "word", "phones"),
    [
        ("I will read the book.", "read", "R IY1 D"),
        ("Please read the label.", "read", "R IY1 D"),
        ("She read the letter aloud.", "read", "R EH1 D"),
        ("Have you read the news?", "read", "R EH1 D"),
        ("The book was widely read.", "read", "R EH1 D"),
        ("I read it yesterday.", "read", "R EH1 D"),
        ("We read to our children every night.", "read", "R IY1 D"),
        ("Where do you live?", "live", "L IH1 V"),
        ("The show goes live tonight.", "live", "L AY1 V"),
        ("We watched the live coverage.", "live", "L AY1 V"),
        ("Long live the king!", "live", "L IH1 V"),
        ("She lives in Chicago.", "lives", "L IH1 V Z"),
        ("They risked their lives.", "lives", "L AY1 V Z"),
        ("She will lead the team.", "lead", "L IY1 D"),
        ("The city replaced its lead pipes.", "lead", "L EH1 D"),
        ("The wind was cold.", "wind", "W IH1 N D"),
        ("Remember to wind the clock.", "wind", "W AY1 N D"),
        ("The doctor cleaned the wound.", "wound", "W UW1 N D"),
        ("We wound up at a cafe.", "wound", "W AW1 N D"),
        ("Do not tear the paper.", "tear", "T EH1 R"),
        ("A tear rolled down her cheek.", "tear", "T IH1 R"),
        ("It is just wear and tear.", "tear", "T EH1 R"),
        ("Close the door.", "close", "K L OW1 Z"),
        ("We live close to the station.", "close", "K L OW1 S"),
        ("I use a laptop.", "use", "Y UW1 Z"),
        ("There is no use in crying.", "use", "Y UW1 S"),
        ("Excuse me.", "excuse", "IH0 K S K Y UW1 Z"),
        ("That is a poor excuse.", "excuse", "IH0 K S K Y UW1 S"),
        ("She set a new world record.", "record", "R EH1 K ER0 D"),
        ("We will record the meeting.", "record", "R AH0 K AO1 R D"),
        ("The record was broken.", "record", "R EH1 K ER0 D"),
        ("Everyone was present.", "present", "P R EH1 Z AH0 N T"),
        ("Allow me to present my sister.", "present", "P R IY0 Z EH1 N T"),
        ("I object to this.", "object", "AH0 B JH EH1 K T"),
        ("The object of the game.", "object", "AA1 B JH EH0 K T"),
        ("Mister Morland objects to novels.", "objects", "AH0 B JH EH1 K T S"),
        ("They often conduct surveys.", "conduct", "K AA0 N D AH1 K T"),
        ("His conduct was poor.", "conduct", "K AA1 N D AH0 K T"),
        ("The estimate was too low.", "estimate", "EH1 S T AH0 M AH0 T"),
        ("We estimate the cost.", "estimate", "EH1 S T AH0 M EY2 T"),
        ("Keep them in separate folders.", "separate", "S EH1 P ER0 IH0 T"),
        ("Separate the eggs.", "separate", "S EH1 P ER0 EY2 T"),
        ("She was content with it.", "content", "K AH0 N T EH1 N T"),
        ("The content of the video.", "content", "K AA1 N T EH0 N T"),
        ("She speaks Polish.", "polish", "P OW1 L IH0 SH"),
        ("Polish your shoes.", "polish", "P AA1 L IH0 SH"),
        ("Polish troops crossed the border.", "polish", "P OW1 L IH0 SH"),
        ("He is putting the books away.", "putting", "P UH1 T IH0 NG"),
        ("Wait a minute.", "minute", "M IH1 N AH0 T"),
        ("They found minute traces of gold.", "minute", "M AY0 N UW1 T"),
        ("The password is invalid.", "invalid", "IH2 N V AE1 L AH0 D"),
        ("Send your resume today.", "resume", "R EH1 Z AH0 M EY2"),
        ("Talks will resume on Monday.", "resume", "R IH0 Z UW1 M"),
        ("She dove into the pool.", "dove", "D OW1 V"),
        ("A white dove flew over.", "dove", "D AH1 V"),
        ("He shot an arrow from his bow.", "bow", "B OW1"),
        ("The actors took a bow.", "bow", "B AW1"),
        ("Breakfast is a buffet.", "buffet", "B AH0 F EY1"),
        ("You will not refuse to come.", "refuse", "R AH0 F Y UW1 Z"),
        ("Stores close early on Sundays.", "close", "K L OW1 Z"),
        ("Stocks fell at the close of trading.", "close", "K L OW1 Z"),
        ("Close friends came to visit.", "close", "K L OW1 S"),
        ("Prices increase sharply in winter.", "increase", "IH2 N K R IY1 S"),
        ("As talks progress, both sides wait.", "progress", "P R AH0 G R EH1 S"),
        ("Never use bleach on silk.", "use", "Y UW1 Z"),
        ("Record heat grips the coast", "record", "R EH1 K ER0 D"),  # a headline
        ("We listen to records at night.", "records", "R EH1 K ER0 D Z"),
        ("LIVE: Election results.", "live", "L AY1 V"),
        ("Stream it live.", "live", "L AY1 V"),
        ("Gusty winds up to forty miles per hour.", "winds", "W IH1 N D Z"),
        ("Lead is toxic to children.", "lead", "L EH1 D"),
        ("The Beatles record sold millions.", "record", "R EH1 K ER0 D"),
        ("My sister read the whole book.", "read", "R EH1 D"),
        ("She's read every book.", "read", "R EH1 D"),
        ("I often read detailed reports.", "read", "R IY1 D"),
        ("The differences are minute.", "minute", "M AY0 N UW1 T"),
        ("Send your résumé by Friday.", "résumé", "R EH1 Z AH0 M EY2"),
        ("The refuse was collected.", "refuse", "R EH1 F Y UW2 Z"),
        # a singular subject, then its verb in -s, or a compound noun before an auxiliary
        ("The camera records video in high resolution.", "records", "R AH0 K AO1 R D Z"),
        ("As the temperature rises, the pressure increases.", "increases", "IH0 N K R IY1 S AH0 Z"),
        ("The company records were lost in the fire.", "records", "R EH1 K ER0 D Z"),
        ("The storm brought winds up to sixty miles an hour.", "winds", "W IH1 N D Z"),
        ("The puppy tears up every paper it can find.", "tears", "T EH1 R Z"),
        # a question's "did" or "will", its subject, then the verb
        ("Did the price increase last year?", "increase", "IH2 N K R IY1 S"),
        ("Will the committee reject the plan?", "reject", "R IH0 JH EH1 K T"),
        ("That bowl is a factory reject.", "reject", "R IY1 JH EH0 K T"),  # a compound noun
        ("It was a stunning upset.", "upset", "AH1 P S EH2 T"),
        ("He was promoted to associate professor.", "associate", "AH0 S OW1 S IY0 AH0 T"),
        ("She nursed her invalid mother.", "invalid", "IH1 N V AH0 L AH0 D"),
        ("Refuse collection is on Monday.", "refuse", "R EH1 F Y UW2 Z"),
        ("The keeper dove to his left.", "dove", "D OW1 V"),
        ("There is a tear in my jeans.", "tear", "T EH1 R"),
        ("A tear ran down her cheek onto her shirt.", "tear", "T IH1 R"),
        ("He got his just deserts.", "deserts", "D IH0 Z ER1 T S"),
        ("They crossed the deserts of Arabia.", "deserts", "D EH1 Z ER0 T S"),
        ("The part of the pencil without any lead.", "lead", "L EH1 D"),
        # a review's sentences the first clause rules misread
        ("The team uses the same tools as the rival team does.", "uses", "Y UW1 Z AH0 Z"),
        ("Each student presents a project in May.", "presents", "P R IY0 Z EH1 N T S"),
        ("They did the software update last night.", "update", "AH1 P D EY2 T"),
        ("Will the rate increase be approved?", "increase", "IH1 N K R IY2 S"),
        ("My sibling lives in Boston.", "lives", "L IH1 V Z"),
        ("The rich exploit the poor.", "exploit", "EH2 K S P L OY1 T"),
        ("Try not to let the result upset you.", "upset", "AH0 P S EH1 T"),
        ("Many children associate school with boredom.", "associate", "AH0 S OW1 S IY0 EY2 T"),
        ("It failed on an invalid parent directory.", "invalid", "IH2 N V AE1 L AH0 D"),
        ("Some customers refuse collection of their data.", "refuse", "R AH0 F Y UW1 Z"),
        ("Protect our deserts and our forests.", "deserts", "D EH1 Z ER0 T S"),
        ("A single tear dropped onto her dress.", "tear", "T IH1 R"),
        ("Our pencil brand has a big lead in the market.", "lead", "L IY1 D"),
        ("They received just deserts.", "deserts", "D IH0 Z ER1 T S"),
        # compound nouns after an acronym, a plural-looking noun, an adverb and an adjective
        ("Type the IP address here.", "address", "AE1 D R EH2 S"),
        ("The local CBS affiliate aired it.", "affiliate", "AH0 F IH1 L IY0 AH0 T"),
        ("She left with a police escort.", "escort", "EH1 S K AO0 R T"),
        ("They found a previously unknown exploit.", "exploit", "EH1 K S P L OY2 T"),
        ("Get a parks permit first.", "permit", "P ER1 M IH2 T"),
        ("The news update comes at noon.", "update", "AH1 P D EY2 T"),
        ("I read a daily news digest each morning.", "digest", "D AY1 JH EH0 S T"),
        ("The thread had been wound tightly.", "wound", "W AW1 N D"),
        ("Each morning the cat tears the paper.", "tears", "T EH1 R Z"),
        # session 52: a subject with no determiner or a prepositional phrase, relatives,
        # acronyms, nouns that end like adjectives, golf, "the close"
        ("Metal contracts as it cools.", "contracts", "K AH0 N T R AE1 K T S"),
        ("Interest compounds monthly.", "compounds", "K AH0 M P AW1 N D Z"),
        ("The risk of stroke increases with age.", "increases", "IH0 N K R IY1 S AH0 Z"),
        ("Government contracts with big firms drive costs.", "contracts", "K AA1 N T R AE2 K T S"),
        ("The hospital records were lost.", "records", "R EH1 K ER0 D Z"),
        ("The detective suspects that the maid lied.", "suspects", "S AH0 S P EH1 K T S"),
        ("Police questioned two suspects that night.", "suspects", "S AH1 S P EH2 K T S"),
        ("A campaign that insults voters loses.", "insults", "IH2 N S AH1 L T S"),
        ("He said that insults hurt.", "insults", "IH1 N S AH2 L T S"),
        ("It is a tool which records calls.", "records", "R AH0 K AO1 R D Z"),
        (
            "The rise in prices across regions increases pressure.",
            "increases",
            "IH0 N K R IY1 S AH0 Z",
        ),
        ("Each of the panels converts sunlight.", "converts", "K AH0 N V ER1 T S"),
        ("The rise in arms imports worries analysts.", "imports", "IH1 M P AO2 R T S"),
        ("Metals expand when heated and contract when cooled.", "contract", "K AH0 N T R AE1 K T"),
        ("The CEO rarely delegates hiring.", "delegates", "D EH1 L AH0 G EY2 T S"),
        ("The CEO met the delegates today.", "delegates", "D EH1 L AH0 G AH0 T S"),
        ("He spent the day putting on the practice green.", "putting", "P AH1 T IH0 NG"),
        ("He was putting green paint on the wall.", "putting", "P UH1 T IH0 NG"),
        ("She was putting on the green dress.", "putting", "P UH1 T IH0 NG"),
        ("His putting was superb.", "putting", "P AH1 T IH0 NG"),
        ("Shares rallied before the close on Friday.", "close", "K L OW1 Z"),
        ("It was a close call.", "close", "K L OW1 S"),
        ("For best results, alternate between hot and cold.", "alternate", "AO1 L T ER0 N EY2 T"),
        ("Take the alternate route.", "alternate", "AO1 L T ER0 N AH0 T"),
        ("He was a bedridden invalid, cared for by his sister.", "invalid", "IH1 N V AH0 L AH0 D"),
        ("Label both axes clearly.", "axes", "AE1 K S IY2 Z"),
        ("If time permits, we will go.", "permits", "P ER0 M IH1 T S"),
        ("If visa permits are required, apply early.", "permits", "P ER1 M IH2 T S"),
        ("The road wound its way up the hill.", "wound", "W AW1 N D"),
        ("The tax increases hit poor families.", "increases", "IH1 N K R IY2 S IH0 Z"),
        ("The court records show a pattern.", "records", "R EH1 K ER0 D Z"),
        ("Will the tax increase affect prices?", "increase", "IH1 N K R IY2 S"),
        ("The camera records video.", "records", "R AH0 K AO1 R D Z"),
        # a review's sentences that the first of those rules misread (bench review52.tsv)
        ("Oil imports rarely exceed domestic output.", "imports", "IH1 M P AO2 R T S"),
        ("Government contracts when signed become public.", "contracts", "K AA1 N T R AE2 K T S"),
        (
            "Rent increases with no advance notice anger tenants.",
            "increases",
            "IH1 N K R IY2 S IH0 Z",
        ),
        ("The ban on fireworks imports took effect.", "imports", "IH1 M P AO2 R T S"),
        ("Which records do I need to bring?", "records", "R EH1 K ER0 D Z"),
        ("The speed with which protests spread surprised us.", "protests", "P R OW1 T EH2 S T S"),
        ("The fact that imports doubled surprised nobody.", "imports", "IH1 M P AO2 R T S"),
        ("Ask the clerk which permits you need.", "permits", "P ER1 M IH2 T S"),
        ("The city funds projects that help the homeless.", "projects", "P R AA1 JH EH0 K T S"),
        ("Keep your receipts and records until the audit.", "records", "R EH1 K ER0 D Z"),
        ("The official records show a decline.", "records", "R EH1 K ER0 D Z"),
        ("At the BBC I record voiceovers.", "record", "R AH0 K AO1 R D"),
        ("WHO records show a rise in cases.", "records", "R EH1 K ER0 D Z"),
        ("The US imports most of its coffee.", "imports", "IH2 M P AO1 R T S"),
        ("Children played in the close behind the cathedral.", "close", "K L OW1 S"),
        ("The putting of leading questions is not allowed.", "putting", "P UH1 T IH0 NG"),
        ("Indoor putting greens cost a lot.", "putting", "P AH1 T IH0 NG"),
        ("She was named alternate with full rights.", "alternate", "AO1 L T ER0 N AH0 T"),
        ("Each of the axes in the shed has a price label.", "axes", "AE1 K S IH2 Z"),
        ("Hardly anyone records phone calls anymore.", "records", "R AH0 K AO1 R D Z"),
        ("Nothing excuses that kind of behavior.", "excuses", "IH0 K S K Y UW1 Z IH0 Z"),
        # a sixth blind set's misread words
        ("He arrived under heavy police escort.", "escort", "EH1 S K AO0 R T"),
        ("The police escort the convoy.", "escort", "EH0 S K AO1 R T"),
        ("Most students graduate in four years.", "graduate", "G R AE1 JH AH0 W EY2 T"),
        ("She was too upset to talk.", "upset", "AH0 P S EH1 T"),
        ("If the scheduled date conflicts with it, call.", "conflicts", "K AH0 N F L IH1 K T S"),
        ("They issued fewer building permits this year.", "permits", "P ER1 M IH2 T S"),
        ("They dressed the wound its own way.", "wound", "W UW1 N D"),
        # a seventh blind set's misread words, and the near misses of their rules
        ("He saw minute scratches on the lock.", "minute", "M AY0 N UW1 T"),
        ("Ten minute drives are short.", "minute", "M IH1 N AH0 T"),
        ("Make last minute changes here.", "minute", "M IH1 N AH0 T"),
        ("Whenever her mother sets a curfew, Lily rebels.", "rebels", "R IH0 B EH1 L Z"),
        ("Emily often records her lectures.", "records", "R AH0 K AO1 R D Z"),
        ("Inspectors found lead in the drinking water.", "lead", "L EH1 D"),
        ("Detectives found a new lead.", "lead", "L IY1 D"),
        ("They found lead roles for both actors.", "lead", "L IY1 D"),
        ("Produce prices rose 8 percent in June.", "produce", "P R OW1 D UW0 S"),
        ("Produce the report by Friday.", "produce", "P R AH0 D UW1 S"),
        ("Aggregate demand fell in the second quarter.", "aggregate", "AE1 G R AH0 G AH0 T"),
        ("Alternate layers of pasta, sauce, and cheese.", "alternate", "AO1 L T ER0 N EY2 T"),
        ("Alternate routes are available.", "alternate", "AO1 L T ER0 N AH0 T"),
        ("Record sales were reported.", "record", "R EH1 K ER0 D"),
        ("Offline mode lets you download content to watch.", "content", "K AA1 N T EH0 N T"),
        ("He seemed content to stay home.", "content", "K AH0 N T EH1 N T"),
        ("Copper and silver conduct electricity well.", "conduct", "K AA0 N D AH1 K T"),
        ("Sales and contract law differ.", "contract", "K AA1 N T R AE2 K T"),
        ("Animate and inanimate nouns differ.", "animate", "AE1 N AH0 M AH0 T"),
        ("His putting let him down.", "putting", "P AH1 T IH0 NG"),
        ("His putting the book away surprised me.", "putting", "P UH1 T IH0 NG"),
        (
            "The deep green cabinets contrast beautifully with it.",
            "contrast",
            "K AH0 N T R AE1 S T",
        ),
        (
            "The motorcade arrived under police escort shortly after noon.",
            "escort",
            "EH1 S K AO0 R T",
        ),
        ("Tournament upsets continue", "upsets", "AH1 P S EH2 T S"),
        # the leftovers of earlier sets: a name's noun, a relative clause, verbs like "face"
        ("The Department of Motor Vehicles records show it.", "records", "R EH1 K ER0 D Z"),
        ("Microsoft records every call.", "records", "R AH0 K AO1 R D Z"),
        ("Students who enroll actually graduate on time.", "graduate", "G R AE1 JH AH0 W EY2 T"),
        (
            "Students who enroll in graduate programs pay more.",
            "graduate",
            "G R AE1 JH AH0 W AH0 T",
        ),
        (
            "This year's college graduates face a tough market.",
            "graduates",
            "G R AE1 JH AH0 W AH0 T S",
        ),
        ("Tear along the perforated line.", "tear", "T EH1 R"),
        ("There is a tear along the seam.", "tear", "T EH1 R"),
        ("A tear ran along her cheek.", "tear", "T IH1 R"),
        # a review's sentences written to break this session's rules (bench review53.tsv)
        ("Compound fractures need surgery in most cases.", "compound", "K AA1 M P AW0 N D"),
        ("Desert plants store water in their thick leaves.", "desert", "D EH1 Z ER0 T"),
        ("Use paint designed for outdoor surfaces.", "use", "Y UW1 Z"),
        ("Slow and steady progress wins the race.", "progress", "P R AA1 G R EH2 S"),
        ("Keep white clothes separate when washing them.", "separate", "S EH1 P ER0 IH0 T"),
        ("The army fought the Syrian rebels.", "rebels", "R EH1 B AH0 L Z"),
        ("Scientists Finally Record Elusive Whale Song", "record", "R AH0 K AO1 R D"),
        ("Governor rejects travel ban", "rejects", "R IH0 JH EH1 K T S"),
        ("The clock's hour and minute hands were bent.", "minute", "M IH1 N AH0 T"),
        ("The old dog lay content to doze by the fire.", "content", "K AH0 N T EH1 N T"),
        ("Workers separate and incinerate medical waste.", "separate", "S EH1 P ER0 EY2 T"),
        ("Her strong sales record as a rookie earned her a promotion.", "record", "R EH1 K ER0 D"),
        ("Insert paper cut to the right size.", "insert", "IH2 N S ER1 T"),
        ("Every spare minute counts during exam season.", "minute", "M IH1 N AH0 T"),
        (
            "Elaborate costumes, which took months to sew, filled the stage.",
            "elaborate",
            "IH0 L AE1 B R AH0 T",
        ),
        (
            "Alternate slices of tomato and mozzarella on a platter.",
            "alternate",
            "AO1 L T ER0 N EY2 T",
        ),
        ("Oil and water separate quickly.", "separate", "S EH1 P ER0 EY2 T"),
    ],
)
def test_a_homograph_is_read_as_its_sentence_calls_for(g2p, sentence, word, phones):
    assert _said(g2p, sentence, word) == [phones]


def test_a_reading_picked_by_its_sentence_says_so(g2p):
    prons = g2p("I will read the book.")
    assert [p.source for p in prons] == ["lexicon", "lexicon", "context", "lexicon", "lexicon"]
    assert [p.source for p in g2p("read")] == ["lexicon"]  # alone: the lexicon's first
    off = G2P(options=G2POptions(homographs=False))
    assert {p.source for p in off("I will read the book.")} == {"lexicon"}


def test_each_occurrence_is_read_on_its_own(g2p):
    said = _said(g2p, "I read the book you read yesterday, and now I will read it again.", "read")
    assert said == ["R EH1 D", "R EH1 D", "R IY1 D"]
    said = _said(g2p, "They record the record.", "record")
    assert said == ["R AH0 K AO1 R D", "R EH1 K ER0 D"]


def test_a_homograph_is_read_by_its_own_sentence_only(g2p, monkeypatch):
    """The next sentence says nothing of this one's "read"; a long text costs linear time:
    each homograph looks at most WINDOW tokens each side."""
    assert _said(g2p, "I read books. She was tired.", "read") == ["R IY1 D"]
    assert _said(g2p, "Bass fishing is fun. He plays bass.", "bass") == ["B AE1 S", "B EY1 S"]
    seen = []
    monkeypatch.setattr(
        homographs, "context_of", lambda t, i: seen.append(len(t)) or context_of(t, i)
    )
    text = "We will record the show and the record sells well " * 200  # no sentence end
    said = _said(g2p, text, "record")
    assert len(said) == 400 and set(said) == {"R AH0 K AO1 R D", "R EH1 K ER0 D"}
    assert len(seen) == 400 and max(seen) <= 2 * WINDOW + 1


def test_the_direct_api_takes_curly_apostrophes_and_refuses_strings():
    readings = [["R", "EH1", "D"], ["R", "IY1", "D"]]
    assert reading_in_context(["I’ve", "read", "it", "."], 1, readings) == ["R", "EH1", "D"]
    assert reading_in_context(["I've", "read", "it", "."], 1, readings) == ["R", "EH1", "D"]
    with pytest.raises(TypeError, match="phone lists"):
        reading_in_context(["to", "record"], 1, ["R AH0 K AO1 R D", "R EH1 K ER0 D"])


def test_the_tts_front_end_reads_them_alike(g2p):
    symbols = phonemize("I will read the record, then close the door.", g2p=g2p)
    words = " ".join(symbols[1:-1]).replace(",", "").replace(".", "").split(WORD_BOUNDARY)
    assert [w.strip() for w in words] == [
        "AY1", "W IH1 L", "R IY1 D", "DH AH0", "R EH1 K ER0 D", "DH EH1 N", "K L OW1 Z",
        "DH AH0", "D AO1 R",
    ]  # fmt: skip


def test_the_option_off_gives_the_lexicon_first_reading_everywhere():
    off = G2P(options=G2POptions(homographs=False))
    assert _said(off, "I will read it.", "read") == ["R EH1 D"]  # CMUdict's first
    assert _said(off, "Where do you live?", "live") == ["L AY1 V"]
    assert off.in_context(["I", "will", "read"], 2) is None


def test_without_stress_the_picked_reading_loses_its_digits():
    plain = G2P(options=G2POptions(stress=False))
    assert _said(plain, "I will read it.", "read") == ["R IY D"]


def test_a_custom_lexicon_reading_is_kept():
    """A word the user's lexicon gives one reading is read so everywhere."""
    cmudict = load_cmudict()
    mine = cmudict.with_overrides({"read": [["R", "IY1", "D"]]})
    assert _said(G2P(lexicon=mine), "I read it yesterday.", "read") == ["R IY1 D"]
    # several readings of the user's own that the rules do not know: the lexicon's first
    odd = Lexicon({"read": [["R", "AY1", "D"], ["R", "OW1", "D"]]})
    assert reading_in_context(["I", "read"], 1, odd.lookup("read")) is None


def test_other_words_and_bad_indexes():
    readings = [["R", "EH1", "D"], ["R", "IY1", "D"]]
    assert reading_in_context(["the", "cat"], 1, [["K", "AE1", "T"]]) is None
    assert (
        reading_in_context(["I", "read"], 1, readings[:1]) is None
    )  # one reading: nothing to pick
    with pytest.raises(IndexError, match="outside"):
        reading_in_context(["I", "read"], 2, readings)


def test_a_headline_in_capitals_gets_no_name_rule(g2p):
    assert _said(g2p, "POLISH THE SILVER", "polish") == ["P AA1 L IH0 SH"]
    assert _said(g2p, "TRUMP OBJECTS", "objects")  # read, whatever it picks: no crash


def test_odd_text_around_a_homograph(g2p):
    for text in ("read", "read!!!", "🙂 read 🙂", "Read, read; READ?", "x" * 5000 + " read"):
        assert all(p for p in _said(g2p, text, "read"))


def test_every_table_word_has_both_readings_in_cmudict():
    cmudict = load_cmudict()
    for word in sorted(T.STRESS_SHIFT | T.ATE | T.VOICING):
        readings = cmudict.lookup(word)
        noun = reading_in_context(["the", word], 1, readings)
        verb = reading_in_context(["it", word], 1, readings)  # "it records", "it use"
        assert noun and verb and noun != verb, word
    for word, pick in _OWN.items():
        readings = [" ".join(r) for r in cmudict.lookup(word)]
        assert len(readings) >= 2, word
        for tokens in (["the", word], ["to", word], ["he", word, "up"], [word]):
            assert pick(context_of(tokens, tokens.index(word))) in readings, (word, tokens)


def test_the_bench_tables_name_homographs_with_cmudict_readings():
    cmudict = load_cmudict()
    tables = sorted(BENCH.glob("*.tsv"))
    assert len(tables) >= 7  # Austen/KJV, modern, reviewer and four blind sets
    for table in tables:
        lines = table.read_text(encoding="utf-8").splitlines()
        rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
        assert rows
        for word, readings, sentence, _ in rows:
            key = spell(word)  # "résumé" is listed as "resume"
            assert len(cmudict.lookup(key)) >= 2, word
            # a blind set names the words its writer found, the rules may not read them all
            assert key in HOMOGRAPHS or table.name.startswith("blind"), (table.name, word)
            assert word in sentence.lower()
            for reading in readings.split(" | "):
                assert reading.split() in cmudict.lookup(key), (word, reading)


def test_the_g2p_command_reads_a_sentence_in_context(capsys):
    from yuyin.cli import main as cli_main

    assert cli_main(["g2p", "--json", "I will read it.", "read"]) == 0
    sentence, alone = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert [w["phones"] for w in sentence["words"] if w["word"] == "read"] == [["R", "IY1", "D"]]
    assert alone["words"][0]["phones"] == ["R", "EH1", "D"]  # alone: CMUdict's first
    assert cli_main(["g2p", "I will read it.", "--no-homographs"]) == 0
    assert "R EH1 D" in capsys.readouterr().out


def test_say_takes_no_homographs():
    import argparse

    from yuyin.cli.say import _g2p

    plain = argparse.Namespace(fst=None, lexicon=None, g2p=None, no_homographs=False)
    assert _g2p(plain) is None  # the voice's own G2P, homographs read in context
    off = _g2p(argparse.Namespace(fst=None, lexicon=None, g2p=None, no_homographs=True))
    assert off is not None and off.options.homographs is False
    assert _said(off, "I will read it.", "read") == ["R EH1 D"]
