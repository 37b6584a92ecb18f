"""Homographs of the ninth and tenth blind sets (bench/homographs/blind9.tsv, blind10.tsv)
and of the review of blind9's rules (review54.tsv): the words they found outside the tables,
the rules written for their misread ones, and the sentences the review wrote to break them,
each read as its sentence calls for."""

from __future__ import annotations

import pytest

from yuyin.text.g2p import G2P
from yuyin.text.lexicon import load_cmudict


@pytest.fixture(scope="module")
def g2p() -> G2P:
    return G2P(lexicon=load_cmudict())


@pytest.mark.parametrize(
    ("sentence", "word", "phones"),
    [
        # words blind9 found outside the tables: the verb's stress where the noun's is said
        ("I don't recall signing any such document.", "recall", "R IH0 K AO1 L"),
        ("The recall affected two million cars.", "recall", "R IY1 K AO2 L"),
        ("Compact the soil firmly around the roots.", "compact", "K AH0 M P AE1 K T"),
        ("The script needed a full rewrite.", "rewrite", "R IY1 R AY2 T"),
        ("Can you rewrite this paragraph?", "rewrite", "R IY0 R AY1 T"),
        ("omg just got a free upgrade to business class", "upgrade", "AH1 P G R EY1 D"),
        ("Please upgrade to the latest version.", "upgrade", "AH0 P G R EY1 D"),
        (
            "Call your doctor if you notice any unusual discharge.",
            "discharge",
            "D IH1 S CH AA2 R JH",
        ),
        ("The hospital will discharge him tomorrow.", "discharge", "D IH0 S CH AA1 R JH"),
        ("The impact was huge.", "impact", "IH1 M P AE0 K T"),
        ("Tariffs will impact sales.", "impact", "IH2 M P AE1 K T"),
        ("Race is a social construct.", "construct", "K AA1 N S T R AH0 K T"),
        ("Press the reset button.", "reset", "R IY1 S EH0 T"),
        ("Reset the router and wait.", "reset", "R IY0 S EH1 T"),
        ("Credits offset the cost.", "offset", "AO0 F S EH1 T"),
        ("Use the overflow parking lot.", "overflow", "OW1 V ER0 F L OW2"),
        ("The river may overflow its banks.", "overflow", "OW2 V ER0 F L OW1"),
        ("Ms. Okafor coordinates volunteer efforts.", "coordinates", "K OW0 AO1 R D AH0 N EY2 T S"),
        ("Enter the coordinates of the ship.", "coordinates", "K OW0 AO1 R D AH0 N AH0 T S"),
        # blind9's other misread words, each rule with what it must leave alone
        ("The MRI confirmed a partial tear in his left ACL.", "tear", "T EH1 R"),
        ("There was a tear in his eye.", "tear", "T IH1 R"),
        ("My dad tears up every single time he hears that song.", "tears", "T IH1 R Z"),
        ("The puppy tears up every paper it can find.", "tears", "T EH1 R Z"),
        ("I always tear up at weddings.", "tear", "T IH1 R"),
        ("Tear up the old carpet first.", "tear", "T EH1 R"),
        ("Her eyes kept tearing from the smoke.", "tearing", "T IH1 R IH0 NG"),
        ("They are tearing down the old mall.", "tearing", "T EH1 R IH0 NG"),
        ("Heat wave pushes Chicago temperatures to record levels", "record", "R EH1 K ER0 D"),
        ("She was promoted to project manager.", "project", "P R AA1 JH EH0 K T"),
        ("She teaches contract law in Ohio.", "contract", "K AA1 N T R AE2 K T"),
        ("All members present voted in favor of the motion.", "present", "P R EH1 Z AH0 N T"),
        ("Students present their findings on Friday.", "present", "P R IY0 Z EH1 N T"),
        ("The results present a problem.", "present", "P R IY0 Z EH1 N T"),
        (
            "The number of students who enroll each year increases by about ten percent.",
            "increases",
            "IH0 N K R IY1 S AH0 Z",
        ),
        ("Tax increases by state were mapped.", "increases", "IH1 N K R IY2 S IH0 Z"),
        ("The Book of Job asks why good people suffer.", "Job", "JH OW1 B"),
        ("Job growth slowed in May.", "Job", "JH AA1 B"),
        ("We spent a week in Nice before heading to Monaco.", "Nice", "N IY1 S"),
        ("Have a Nice Day", "Nice", "N AY1 S"),
        ("The train from London to Reading takes an hour.", "Reading", "R EH1 D IH0 NG"),
        ("Reading is fun.", "Reading", "R IY1 D IH0 NG"),
        ("My learned friend has misread the statute.", "learned", "L ER1 N IH0 D"),
        ("She learned the rules.", "learned", "L ER1 N D"),
        ("A toddler's slightly bowed legs straighten out.", "bowed", "B OW1 D"),
        ("He bowed his head.", "bowed", "B AW1 D"),
        ("The Mets traded their closer to Houston.", "closer", "K L OW1 Z ER0"),
        ("She pulled her closer to the fire.", "closer", "K L OW1 S ER0"),
        ("They built their closer ties over years.", "closer", "K L OW1 S ER0"),
        ("Cooking has never been my forte.", "forte", "F AO1 R T"),
        ("The home side routed the visitors.", "routed", "R AW1 T IH0 D"),
        ("Calls are routed through Dallas.", "routed", "R UW1 T IH0 D"),
        ("The losing candidate has demanded a recount.", "recount", "R IY2 K AW1 N T"),
        ("She recounts her childhood in the book.", "recounts", "R IH0 K AW1 N T S"),
        # review54: sentences written to break those rules, read as before them
        ("Weather stations record highs and lows every day.", "record", "R AH0 K AO1 R D"),
        ("Doctors asked patients to record levels of pain.", "record", "R AH0 K AO1 R D"),
        ("The agency will project team sizes for each phase.", "project", "P R AH0 JH EH1 K T"),
        ("The new rules permit holders of foreign licenses to drive.", "permit", "P ER0 M IH1 T"),
        ("Researchers present detailed evidence that it works.", "present", "P R IY0 Z EH1 N T"),
        ("Rent increases by a landlord require notice.", "increases", "IH1 N K R IY2 S IH0 Z"),
        ("A big tear rolled down her cheek.", "tear", "T IH1 R"),
        ("An eye exam revealed a tear in her retina.", "tear", "T EH1 R"),
        ("A wolf with yellow eyes was tearing at the carcass.", "tearing", "T EH1 R IH0 NG"),
        ("Which of these old letters should I tear up?", "tear", "T EH1 R"),
        ("That's the contract he promised to tear up.", "tear", "T EH1 R"),
        ("Cheap paper towels tear up when they get wet.", "tear", "T EH1 R"),
        ("She started to tear up.", "tear", "T IH1 R"),
        ("She got an A in Reading and a B in Math.", "Reading", "R IY1 D IH0 NG"),
        ("Quality is Job one at our plant.", "Job", "JH AA1 B"),
        (
            "It was in law school that she first learned judges can be wrong.",
            "learned",
            "L ER1 N D",
        ),
        ("Their closer and warmer relationship surprised everyone.", "closer", "K L OW1 S ER0"),
        ("Logistics officers routed the troops through Kuwait.", "routed", "R UW1 T IH0 D"),
        ("Napoleon's army was routed at Waterloo.", "routed", "R AW1 T IH0 D"),
        ("Small talk was never the senator's forte.", "forte", "F AO1 R T"),
        ("Officials completed recounts in three counties.", "recounts", "R IY2 K AW1 N T S"),
        ("Chapter two recounts his childhood.", "recounts", "R IH0 K AW1 N T S"),
        ("Vehicle recalls rose sharply last year.", "recalls", "R IY1 K AO2 L Z"),
        ("Your password has been reset.", "reset", "R IY0 S EH1 T"),
        ("The losses were partly offset by gains in Asia.", "offset", "AO0 F S EH1 T"),
        # blind10 (written after that review): its misread words and their near misses
        ("Man Who Read 1,000 Books in a Year Shares His Tips", "Read", "R EH1 D"),
        ("People who read books live longer.", "read", "R IY1 D"),
        ("Earthquake claims more than 200 lives in remote region", "lives", "L AY1 V Z"),
        ("Bass season opens on the first Saturday in June.", "Bass", "B AE1 S"),
        ("Ford Issues Recall for 200,000 Pickups", "Recall", "R IY1 K AO2 L"),
        ("The soloist bows to the audience and lifts her violin.", "bows", "B AW1 Z"),
        ("She tied bows to the gifts.", "bows", "B OW1 Z"),
        ("Then Job answered the LORD, and said, I know.", "Job", "JH OW1 B"),
        ("He rides a moped to work.", "moped", "M OW1 P EH0 D"),
        ("She moped around all day.", "moped", "M OW1 P T"),
        ("The charity runs a home for the aged in the old rectory.", "aged", "EY1 JH IH0 D"),
        ("She cared for her aged mother.", "aged", "EY1 JH IH0 D"),
        ("The cheese is aged for a year.", "aged", "EY1 JH D"),
        ("She has played viola with the orchestra for years.", "viola", "V IY0 OW1 L AH0"),
        ("I asked Viola to come.", "Viola", "V AY0 OW1 L AH0"),
        ("I misread the email and showed up a day early.", "misread", "M IH0 S R EH1 D"),
        ("It is easy to misread.", "misread", "M IH0 S R IY1 D"),
        ("The home side was routed in front of a stunned crowd.", "routed", "R AW1 T IH0 D"),
        ("Oxygen molecules diffuse across the membrane.", "diffuse", "D IH0 F Y UW1 Z"),
        ("The light was soft and diffuse.", "diffuse", "D IH0 F Y UW1 S"),
        ("Take the Fourier transform of both sides.", "transform", "T R AE1 N S F AO0 R M"),
        ("These tools transform the data.", "transform", "T R AE0 N S F AO1 R M"),
        ("The novel is full of palace intrigue.", "intrigue", "IH1 N T R IY0 G"),
        ("Affix the label to the top of the box.", "Affix", "AH0 F IH1 K S"),
        ("Many retirees supplement their pensions.", "supplement", "S AH2 P L AH0 M EH1 N T"),
        ("Take a vitamin supplement daily.", "supplement", "S AH1 P L AH0 M AH0 N T"),
    ],
)
def test_blind_sets_and_their_review_read_as_their_sentences_call_for(g2p, sentence, word, phones):
    said = [" ".join(p.phones) for p in g2p(sentence) if p.word.lower() == word.lower()]
    assert said == [phones]
