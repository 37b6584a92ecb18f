"""Normalizer readings of session 44, from two audits of ~1,100 sentences of everyday copy:
the article before a reading that starts with a vowel ("a 8-hour day" -> "an eight-hour day"),
a measure or amount before its noun after "~" or "about", Roman numerals after abbreviated
counting words ("Vol. II") and not for a lone letter ("Medicare Part D", "Series C"), "Happy
4th of July" without an added "the", books of the Bible by abbreviation ("Gen. 50:20"), case
names and courts ("Brown v. Board", "9th Cir.", "F.3d"), state codes before a ZIP code that are
words ("Tulsa, OK 74103")."""

from __future__ import annotations

import pytest

from yuyin.text.normalize import normalize_for_tts

CASES = [
    # 1. "a" -> "an" before the rules' own vowel readings; a capital "A" only opening a sentence
    ("It was a 8-hour day.", "It was an eight-hour day."),
    ("A 18-year-old man was arrested.", "An eighteen-year-old man was arrested."),
    ('"A 11-year-old boy won."', '"An eleven-year-old boy won."'),
    ("He paid a $80 fee.", "He paid an eighty dollar fee."),
    ("There's a 80% chance of rain.", "There's an eighty percent chance of rain."),
    ("a 8th-grade class", "an eighth-grade class"),
    ("a 1800s farmhouse", "an eighteen hundreds farmhouse"),
    ("It was a ≈5 km walk.", "It was an approximately five-kilometer walk."),
    ("a FBI agent", "an F B I agent"),
    ("a MRI scan and a US firm", "an M R I scan and a US firm"),
    ("$AAPL rose", "A A P L rose"),  # a spelled letter, not the article
    ("Plan A 18 is ready.", "Plan A eighteen is ready."),  # a letter mid-sentence
    ("Il a 8 ans.", "Il a eight ans."),  # French "has"
    ("a apple", "a apple"),  # the author's own words are left
    ("It was an 8-hour day.", "It was an eight-hour day."),
    ("a 7-hour day", "a seven-hour day"),
    # 2. an approximation between the article and a measure or amount before its noun
    ("It was a ~5 km walk.", "It was a roughly five-kilometer walk."),
    ("It was an almost 10 km run.", "It was an almost ten-kilometer run."),
    ("the ~$5 fee", "the roughly five dollar fee"),
    ("It costs ~$5.", "It costs about five dollars."),
    ("It took ~5 km.", "It took about five kilometers."),
    # 3. Roman numerals: after abbreviated counting words; a lone C, D, L, M is a letter
    ("See Vol. II, Art. III and Ch. IV.", "See Volume two, Article three and Chapter four."),
    ("Art. I, § 8 grants it.", "Article one, section eight grants it."),
    ("Stop. No. III is next.", "Stop. Number three is next."),
    ("No. I don't think so.", "No. I don't think so."),
    ("See p. I think.", "See p. I think."),
    ("NYHA class III heart failure", "N Y H A class three heart failure"),
    ("Medicare Part D covers it.", "Medicare Part D covers it."),
    ("The Series C round closed.", "The Series C round closed."),
    ("Grade C. Stage D. Book M.", "Grade C. Stage D. Book M."),
    ("Chapter XL. Part V.", "Chapter forty. Part five."),
    ("The Xbox Series X sold out.", "The Xbox Series X sold out."),
    ("Season X was the best.", "Season ten was the best."),
    # 4. a day before "of" and a month: "the" added only where no determiner or "Happy" is
    ("Happy 4th of July!", "Happy fourth of July!"),
    ("On 4th of July we met.", "On the fourth of July we met."),
    ("THE 4th of July.", "THE fourth of July."),
    ("Every 5th of May.", "Every fifth of May."),
    # 5. chapter and verse by the books' abbreviations
    ("See Gen. 50:20.", "See Genesis chapter fifty, verse twenty."),
    ("Rev. 21:4", "Revelation chapter twenty-one, verse four"),
    ("Ps. 23:1", "Psalm twenty-three, verse one"),
    ("Prov. 3:5-6", "Proverbs chapter three, verses five to six"),
    ("1 Cor. 13:4-7", "First Corinthians chapter thirteen, verses four to seven"),
    ("Jn 3:16", "John chapter three, verse sixteen"),
    ("Read Is. 53:5.", "Read Isaiah chapter fifty-three, verse five."),
    ("Is 5:30 OK?", "Is five thirty okay?"),  # "Is" is a book only with its dot
    ("The Rev. Smith preached.", "The Reverend Smith preached."),
    ("John 3:16", "John chapter three, verse sixteen"),
    # 6. legal citations
    ("Roe v. Wade was overturned.", "Roe versus Wade was overturned."),
    ("New York Times Co. v. Sullivan", "New York Times Company versus Sullivan"),
    ("Use v. 2 of the API.", "Use v. two of the A P I."),
    ("He bought vitamin v. It", "He bought vitamin v. It"),
    (
        "123 F.3d 456 (9th Cir. 1997)",
        "one hundred twenty-three F third four hundred fifty-six "
        "(Ninth Circuit nineteen ninety-seven)",
    ),  # fmt: skip
    ("5 F. Supp. 2d 10", "five F Supp second ten"),
    ("The 2d Cir. agreed.", "The Second Circuit agreed."),
    ("The 9th Cir. The court held.", "The Ninth Circuit. The court held."),
    ("(S.D.N.Y. 1998)", "(S D N Y nineteen ninety-eight)"),  # was "South DakotaN.Y."
    ("(N.D. Cal. 2008)", "(N D Cal. two thousand eight)"),  # a district court, not the state
    ("Fargo, N.D. The end.", "Fargo, North Dakota. The end."),
    ("Pierre, S.D., is small.", "Pierre, South Dakota, is small."),
    # 7. a state code before a ZIP code is spelled, not the word "okay", "or", "in", "me"
    ("Tulsa, OK 74103", "Tulsa, O K seven four one zero three"),
    ("Springfield, OR 97477", "Springfield, O R nine seven four seven seven"),
    ("Indianapolis, IN 46204", "Indianapolis, I N four six two zero four"),
    ("Springfield, IL 62704", "Springfield, I L six two seven zero four"),
]


@pytest.mark.parametrize(("written", "said"), CASES)
def test_reading(written: str, said: str) -> None:
    assert normalize_for_tts(written) == said
