"""The regex pieces every number rule is built from: an unsigned number (:data:`NUM`, its
:data:`NUM_START` and :data:`NUM_REST`) and one with a minus sign (:data:`SIGNED_NUM`), each
unable to start inside a number, so every rule that uses them stays linear in the text.
"""

from __future__ import annotations

__all__ = ["NUM", "NUM_REST", "NUM_START", "SIGNED_NUM"]

# Speed: Python's ``re`` skips quickly to candidate starts only when a pattern begins with a
# consumed character (class) or a branch of literals. So no pattern begins with a lookbehind:
# the first character is consumed and the lookbehinds that follow it look one character further
# back, e.g. ``[0-9](?<![0-9]{2})`` is "a digit that does not continue a digit run".

# an unsigned number: 1,234,567.89 or 1234.5, never starting inside a digit run, after "3." or
# at a thousands group of a number begun before it ("1,001,001,..." had been tried from each
# group to its end: quadratic); a group after a head no number has ("2023,500", "3.14,159")
# still starts one. After the group's first digit: a group follows a group, or a head of one to
# three digits with no digit or point before it.
_NOT_A_GROUP = (
    r"(?!(?:(?<=,[0-9]{3},[0-9])"
    r"|(?<=[0-9],[0-9])(?<![0-9.][0-9],[0-9])"
    r"|(?<=[0-9]{2},[0-9])(?<![0-9.][0-9]{2},[0-9])"
    r"|(?<=[0-9]{3},[0-9])(?<![0-9.][0-9]{3},[0-9]))[0-9]{2}(?![0-9]))"
)
NUM_START = r"[0-9](?<![0-9]{2})(?<![0-9]\.[0-9])" + _NOT_A_GROUP
NUM_REST = r"(?:[0-9]{0,2}(?:,[0-9]{3})+(?![0-9])|[0-9]*)(?:\.[0-9]+)?"
NUM = NUM_START + NUM_REST
# the same with an optional minus sign, which is only a minus where it cannot be a hyphen: at
# the start or after a space or bracket ("x-5" and "5-3" are not negative)
SIGNED_NUM = (
    r"[\-0-9](?<![\w.\-]-)(?<![0-9]{2})(?<![0-9]\.[0-9])"
    + _NOT_A_GROUP
    + rf"(?:(?<=-){NUM}|(?<=[0-9]){NUM_REST})"
)
